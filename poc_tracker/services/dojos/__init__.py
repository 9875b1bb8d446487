"""Live Dojos: the rules, the record and its log, the seats, the channel's needs and the shared use cases.

``live`` holds the use cases the API, the UI and the channel all call (join, leave, remove, rotate, editor
rights, end, save to a POC): each takes the realtime layer's ``LiveEdits``.
"""

from poc_tracker.services.dojos.channel import ChannelEntry, RoomData, enter_channel, room_data
from poc_tracker.services.dojos.live import (
    LiveEdits,
    end_dojo,
    join_dojo,
    leave_dojo,
    list_events,
    remove_participant,
    rotate,
    save_code_to_poc,
    set_editor_open,
)
from poc_tracker.services.dojos.records import (
    access_dojo_by_code,
    access_dojo_by_id,
    create_dojo,
    doc_text,
    dojo_of_tenant,
    events_of,
    list_dojos,
    logged_code,
    logged_edits,
    new_doc,
    record,
    save_retrospective,
)
from poc_tracker.services.dojos.rules import (
    CODE_PERMISSION,
    CODE_ROLES,
    DOJO_LANGUAGES,
    FORMATS,
    SHARE_ROLES,
    clean_dojo,
    may_edit,
    require_present,
    require_share,
    seconds_left,
)
from poc_tracker.services.dojos.seats import check_channel, participants, removed_ids, roster

__all__ = [
    "CODE_PERMISSION",
    "CODE_ROLES",
    "DOJO_LANGUAGES",
    "FORMATS",
    "SHARE_ROLES",
    "ChannelEntry",
    "LiveEdits",
    "RoomData",
    "access_dojo_by_code",
    "access_dojo_by_id",
    "check_channel",
    "clean_dojo",
    "create_dojo",
    "doc_text",
    "dojo_of_tenant",
    "end_dojo",
    "enter_channel",
    "events_of",
    "join_dojo",
    "leave_dojo",
    "list_dojos",
    "list_events",
    "logged_code",
    "logged_edits",
    "may_edit",
    "new_doc",
    "participants",
    "record",
    "remove_participant",
    "removed_ids",
    "require_present",
    "require_share",
    "room_data",
    "roster",
    "rotate",
    "save_code_to_poc",
    "save_retrospective",
    "seconds_left",
    "set_editor_open",
]
