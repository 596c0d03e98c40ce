"""A 360 import reaches the running daemon (through its inbox) and the person sees their priorities."""
import asyncio
import os
import subprocess
import time

from people import Employee

BOT = "@flowcoach:localhost"


def test_an_import_beside_the_running_daemon_reaches_the_person(synapse, flowcoach):
    shipped = open(os.path.join(os.path.dirname(__file__), "..", "..", "Config", "assessments.yaml")).read()
    with open(os.path.join(flowcoach.root, "Config", "assessments.yaml"), "w") as f:
        f.write(shipped.replace('person_id: "console:{id}"', 'person_id: "@{id}:localhost"'))
    results = os.path.join(flowcoach.root, "360.csv")
    with open(results, "w") as f:
        f.write("Employee ID,Competency,Rater group,Score,Completed on\n"
                "erin,Giving Feedback,Self,3.0,2026-11-02\n"
                "erin,Giving Feedback,Manager,2.0,2026-11-02\n"
                "erin,Delegating,Manager,4.5,2026-11-02\n")
    bad = os.path.join(flowcoach.root, "bad.csv")
    with open(bad, "w") as f:
        f.write("Employee ID,Competency,Rater group,Score,Completed on\nerin,Juggling,Self,9,2026-11-02\n")
    refused = subprocess.run([flowcoach.BINARY, "import", "assessments", bad, "--root", flowcoach.root],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "bad.csv:2:" in refused.stderr and "nothing was imported" in refused.stderr, refused.stderr
    done = subprocess.run([flowcoach.BINARY, "import", "assessments", results, "--root", flowcoach.root],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "the running daemon takes it within a minute" in done.stdout, done.stdout

    async def scenario():
        erin = Employee(synapse, "erin", BOT)
        await erin.login()
        room = await erin.open_dm()
        deadline = time.time() + 90
        reply = ""
        while time.time() < deadline:
            reply = await erin.ask(room, "my skills")
            if "giving feedback" in reply.lower() and "2.5" in reply:
                break
            await asyncio.sleep(3)
        assert "giving feedback" in reply.lower() and "2.5" in reply and "delegation" not in reply.lower(), reply
        await erin.close()

    asyncio.run(scenario())
    assert not [name for name in os.listdir(os.path.join(flowcoach.state, "inbox")) if name.endswith(".json")], "the inbox was taken"
