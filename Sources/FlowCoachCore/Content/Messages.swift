import Foundation

/// `Prompts/messages.yaml`: every sentence the bot says outside dialogs.
public struct Messages: Sendable {
    /// First contact.
    public var welcome: Template
    /// The answer to `help`: lists the dialogs (`{{#dialogs}}…{{/dialogs}}`).
    public var help: Template
    /// When nothing matched: lists what the coach can do.
    public var fallback: Template
    public var cancelled: Template
    public var nothingToCancel: Template
    /// When a person comes back to an unfinished dialog (`{{dialog}}`, `{{question}}`).
    public var resume: Template
    /// A message over the length limit (`{{limit}}`).
    public var tooLong: Template
    /// After too many answers that did not fit (`{{dialog}}`).
    public var giveUp: Template
    /// Everything else, by key; `Messages.optionalKeys` lists them with their defaults.
    public var extra: [String: Template]

    /// Every key `messages.yaml` must define.
    public static let keys = ["welcome", "help", "fallback", "cancelled", "nothing_to_cancel", "resume", "too_long", "give_up"]

    /// The other keys `messages.yaml` must define: shorter lines, by situation. Their shipped
    /// text is in `Prompts/messages.yaml`; Swift holds none.
    public static var optionalKeys: [String] { variables.keys.filter { !keys.contains($0) }.sorted() }

    public init(
        welcome: Template, help: Template, fallback: Template, cancelled: Template, nothingToCancel: Template,
        resume: Template, tooLong: Template, giveUp: Template, extra: [String: Template] = [:]
    ) {
        self.welcome = welcome
        self.help = help
        self.fallback = fallback
        self.cancelled = cancelled
        self.nothingToCancel = nothingToCancel
        self.resume = resume
        self.tooLong = tooLong
        self.giveUp = giveUp
        self.extra = extra
    }

    /// The values each message is rendered with, by key: what its template may use besides
    /// `{{user}}` (every message has it). nil: a dialog's own values (a step's slots).
    /// `flowcoach validate` refuses a template that uses anything else.
    public static let variables: [String: Set<String>?] = [
        "welcome": ["dialogs"], "help": ["dialogs", "sections"], "fallback": ["dialogs", "text", "suggestions"], "cancelled": ["dialog"],
        "nothing_to_cancel": [], "resume": ["dialog", "question"], "too_long": ["limit"], "give_up": ["dialog"],
        "search_results": ["query"], "no_results": ["query"], "rate_prompt": [], "rated": [], "nothing_to_rate": [],
        "unknown_item": ["id"], "switch_confirm": ["current", "next"], "switch_declined": ["dialog"], "expired": ["dialog"],
        "confidence_before": nil, "confidence_after": nil, "confidence_thanks": [], "role_set": ["role"], "role_is": ["role"], "role_none": [], "nothing_to_resume": [],
        "fallback_suggestions": [], "offer_peers": [], "applied_offer": ["skill"], "skipped_message": [],
        "admin_stats": ["people", "active_week", "active_month", "applications", "completed", "questions", "open", "scheduled", "sent",
                        "outbox", "dialogs", "knowledge", "programs", "nudges"],
        "admin_broadcast_preview": ["count", "everyone", "cohort", "role", "unreachable", "also_role", "text"],
        "search_promoted_line": ["question", "author", "id"],
        "smalltalk_greeting": [], "smalltalk_thanks": [], "smalltalk_goodbye": [], "smalltalk_ok": [], "smalltalk_identity": [],
        "smalltalk_capabilities": [], "acknowledge_stress": [], "crisis_reply": [], "concern_reply": [],
        "route_choose": ["first", "second"], "route_choice_declined": [], "route_suggestion": ["title", "command"],
        "day_at_time": ["day", "time"],
        "impact_rating_range": [],
        "qa_accepted_instead": ["id", "previous"], "qa_promote_not_accepted": ["id", "question", "accepted"],
        "qa_ask_usage": [], "qa_anonymous_note": [], "help_ask_anonymously": [],
        "practice_grade_prompt_scenario": [],
        "recommended_line": ["id", "title", "kind", "summary", "why"], "why_role": ["role"], "why_rated": ["count"],
        "why_skill": ["dialog"], "why_words": [],
        "rehearse_row": ["title", "skill"], "rehearse_list": ["list"], "rehearse_none": [], "rehearse_unknown": ["name", "list"],
        "help_rehearse": [],
        "practice_card": ["prompt", "skill"], "practice_reflection_noted": [], "rubric_met": ["text"], "rubric_missed": ["text"],
        "rubric_feedback": ["lines"],
        "moment_offer": ["day", "today"], "weekday_names": [], "month_names": [], "day_name": ["weekday", "day", "month"], "moment_declined": [], "moment_scheduled": ["reminder", "debrief"],
        "moment_reminder": nil,
        "help_section": ["section", "commands"],
        "help_pending": ["dialog"],
        "dialog_paused": ["dialog"],
        "command_usage": ["usage"],
        "did_you_mean": ["usage"],
        "help_section_coaching": [],
        "help_section_knowledge": [],
        "help_section_questions": [],
        "help_section_practice": [],
        "help_section_nudges": [],
        "help_section_privacy": [],
        "help_section_admin": [],
        "help_help": [],
        "help_cancel": [],
        "help_later": [],
        "help_back": [],
        "help_applied": [],
        "help_progress": [],
        "help_role": [],
        "help_search": [],
        "help_show": [],
        "help_rate": [],
        "help_ask": [],
        "help_post_it": [],
        "help_questions": [],
        "help_my_questions": [],
        "help_answer": [],
        "help_vote": [],
        "help_accept": [],
        "help_edit": [],
        "help_close": [],
        "help_expertise": [],
        "help_questions_off": [],
        "help_leaderboard": [],
        "help_hide": [],
        "help_promote": [],
        "help_practice": [],
        "help_programs": [],
        "help_join": [],
        "help_stop_nudges": [],
        "help_start_nudges": [],
        "help_snooze": [],
        "help_away": [],
        "help_timezone": [],
        "help_my_data": [],
        "help_forget_me": [],
        // The manager loop (Features/Managers).
        "help_share": [], "help_my_sharing": [], "help_my_team": [], "help_recognise": [],
        "sharing_no_manager": [], "sharing_already": ["manager"], "sharing_started": ["manager"], "sharing_stopped": ["manager"],
        "sharing_was_off": [], "my_sharing_on": ["manager", "since"], "my_sharing_off": ["manager", "minimum", "changed"], "my_sharing_none": [],
        "manager_no_team": [], "manager_not_on_team": ["name"], "manager_name_ambiguous": ["name"], "manager_person_nothing": ["name"],
        "manager_team_header": ["digest", "count"], "manager_team_applied": ["skills"], "manager_team_skill": ["skill", "count", "people"],
        "manager_team_practice": ["sessions", "people"], "manager_team_confidence": ["lift", "count"], "manager_team_small": ["minimum"],
        "manager_no_moments": [], "manager_moments_header": [], "manager_moment": ["number", "name", "what"],
        "manager_moment_applied": ["skill", "count", "once", "twice", "many", "note"], "manager_moment_practised": ["skill", "count"],
        "manager_moment_mastered": ["skill", "count"], "manager_recognise_hint": [],
        "recognise_unknown_number": ["number"], "recognise_too_long": ["limit"], "recognise_unreachable": ["name"], "recognise_sent": ["name"],
        "recognition_message": ["manager", "text"],
        "help_admin_stats": [],
        "help_admin_report": [],
        "help_admin_reload": [],
        "help_admin_broadcast": [],
        "qa_question_too_long": ["limit"],
        "qa_similar": ["list"],
        "qa_nothing_pending": [],
        "qa_posting_limit": ["count", "minutes"],
        "qa_question_kept": [],
        "qa_no_question": ["id"],
        "qa_question_closed": ["id", "asker", "anonymous"],
        "qa_answer_too_long": ["limit"],
        "qa_answer_sent": ["id", "asker", "anonymous"],
        "qa_no_answer": ["id"],
        "qa_own_answer_vote": [],
        "qa_already_voted": ["id"],
        "qa_vote_counted": ["id", "votes", "one"],
        "qa_accept_not_yours": ["question"],
        "qa_accepted": ["id", "question"],
        "qa_expertise_usage": [],
        "qa_expertise_none": ["skills"],
        "qa_expertise_list": ["skills"],
        "qa_routing_on": ["cap"],
        "qa_routing_off": ["cap"],
        "qa_open_none": ["list"],
        "qa_open_list": ["list"],
        "qa_no_question_yours": ["id"],
        "qa_close_not_yours": ["id"],
        "qa_reopen_not_yours": ["id"],
        "qa_already_closed": ["id"],
        "qa_already_open": ["id"],
        "qa_closed": ["id"],
        "qa_reopened": ["id"],
        "qa_post_too_long": ["limit"],
        "qa_edit_closed": ["id"],
        "qa_no_post": ["id"],
        "qa_updated": ["id"],
        "qa_edit_not_yours": ["id"],
        "qa_hide_admins_only": [],
        "qa_unhide_admins_only": [],
        "qa_hidden": ["id"],
        "qa_visible": ["id"],
        "qa_promote_admins_only": [],
        "qa_promote_no_accepted": ["question"],
        "qa_promoted": ["question", "author"],
        "qa_promoted_by_votes": ["question", "votes"],
        "qa_leaderboard_off": [],
        "qa_leaderboard_empty": ["accepted", "vote"],
        "qa_leaderboard": ["list"],
        "qa_answer_arrived": ["author", "question", "id", "text"],
        "qa_answer_accepted": ["id", "question", "points"],
        "qa_escalated_board": ["hours"],
        "qa_escalated_coaches": ["question", "hours"],
        "qa_escalated_asker": ["question", "asked", "more", "one", "board"],
        "practice_nothing_due": ["next"],
        "practice_model_answer": ["answer"],
        "yes_no_hint": [],
        "search_peer_answers": ["list"],
        "progress_nothing_yet": [],
        "qa_mine_none": [],
        "qa_mine_list": ["list"],
        "nudges_stopped": [],
        "nudges_started": ["zone"],
        "snooze_usage": [],
        "snoozed": ["until"],
        "away_usage": [],
        "away_set": ["day"],
        "timezone_unknown": ["zone"],
        "timezone_set": ["zone"],
        "nudge_skipped": [],
        "check_in_what_happened": [],
        "check_in_not_yet": ["skill"],
        "practice_unknown_skill": ["skill", "skills"],
        "practice_start": ["count", "one"],
        "practice_grade_prompt": [],
        "practice_grade_usage": [],
        "programs_none": [],
        "program_unknown": ["program"],
        "program_already_joined": ["program"],
        "program_joined": ["program", "units"],
        "privacy_direct_only": ["command"],
        "my_data_failed": [],
        "my_data_intro": ["bytes"],
        "forget_me_confirm": [],
        "forget_me_kept": [],
        "forget_me_done": [],
        "admin_not_admin": [],
        "admin_direct_only": [],
        "admin_reloading": [],
        "admin_usage": [],
        "admin_broadcast_usage": [],
        "admin_broadcast_unknown": ["target", "cohorts", "roles"],
        "admin_broadcast_dropped": [],
        "admin_broadcast_sent": ["count", "cohort", "role"],
        "applied_usage": [],
        "barrier_usage": [],
        "barrier_recorded": ["category"],
        "barrier_invite": [],
        "help_barrier": [],
        "applied_unknown_skill": ["skill", "skills"],
        "applied_what_happened": ["skill"],
        "applied_noted": ["count", "one", "skill"],
        "impact_question": [],
        "impact_recorded": ["rating", "kind"],
        "answer_too_short": ["min"],
        "answer_not_a_number": [],
        "answer_number_too_low": ["min"],
        "answer_number_too_high": ["max"],
        "answer_not_an_option": ["count"],
        "answer_not_yes_no": [],
        "answer_not_a_day": [],
        "qa_leaderboard_row": ["rank", "name", "points", "one_point", "accepted", "votes", "one_vote"],
        "qa_posted_to_experts": ["id", "tags", "count", "one", "board", "anonymous"],
        "qa_posted_open": ["id", "tags", "count", "one", "board", "anonymous"],
        "qa_mine_row": ["id", "text", "answers", "one", "closed", "accepted", "anonymous"],
        "qa_board_post": ["id", "asker", "anonymous", "tags", "text"],
        "qa_expert_request": ["id", "asker", "anonymous", "text"],
        "qa_thread_question": ["id", "asker", "anonymous", "text", "closed"],
        "qa_thread_promoted": [],
        "qa_thread_no_answers": [],
        "qa_thread_answer": ["id", "author", "votes", "one", "accepted", "text"],
        "knowledge_line": ["id", "title", "kind", "summary"],
        "knowledge_kind_job_aid": [],
        "knowledge_kind_template": [],
        "knowledge_kind_checklist": [],
        "knowledge_kind_case_study": [],
        "knowledge_kind_refresher": [],
        "knowledge_kind_tip": [],
        "knowledge_kind_guide": [],
        "programs_list": ["list"],
        "programs_row": ["id", "title", "units", "one_unit", "sprints", "one_sprint"],
        "progress_program": ["program", "done", "units", "next", "completed"],
        "progress_practice": ["skill", "mastered", "cards", "days"],
        "progress_practice_mastered": ["skill"],
        "progress_skill_movement": ["skill", "before", "after", "name", "since", "date"],
        "assessment_name": [], "help_my_skills": [], "why_priority": ["skill"],
        "skills_none": [], "skills_no_gaps": ["name", "date", "target"], "skills_intro": ["count"], "skills_row": ["skill", "sources"],
        "skills_from_assessment": ["name", "date", "score", "target", "before", "since"], "skills_flagged": [],
        "skills_program": ["program"], "skills_footer": [], "skills_enrolled": ["name", "skill", "program"],
        "progress_applied": ["skill", "count", "one", "week", "streak", "impact"],
        "practice_done": ["next", "mastered"],
    ]

    /// What a `{{#dialogs}}` section repeats over: each dialog's menu entry.
    public static let dialogFields: Set<String> = ["title", "summary", "command"]

    /// A message by key, as `Prompts/messages.yaml` says it (`flowcoach validate` makes sure
    /// every key is there).
    public func text(_ key: String) -> Template? {
        extra[key]
    }
}
