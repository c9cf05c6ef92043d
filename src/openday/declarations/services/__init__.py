"""Workflows of theme declarations (主题申报), one module per stage:

- ``window``: ``declaration_window_open`` — the office opens declarations (or changes the
  deadline, the stamp requirement, the note); the campaign moves to the declaration phase.
- ``declaration``: ``declaration_save`` — a unit's liaison saves the declaration as a draft,
  all or nothing; ``declaration_submit`` — the liaison hands it in, the campaign's rules
  enforced; ``declaration_hand_in`` — save and submit what was typed, or write nothing.
- ``review``: ``declaration_accept`` / ``declaration_return`` — the office reviews a
  declaration.
- ``plan``: ``declaration_merge`` / ``declaration_unmerge`` — the office makes several units'
  accepted items one plan item hosted by all of them, or undoes that; ``plan_compile`` — the
  accepted declarations become the campaign's plan, numbered by month; ``plan_publish`` — the
  plan goes to the public column (phase "running").

Each checks the actor's rights, runs in one transaction and writes an audit entry. ``actor``
None is the system itself (the demo loader, commands): views always pass the signed-in user.

The audit entries are the events: a return (``declaration.return``) and the publication
(``plan.publish``) reach the liaisons concerned through the listeners that subscribe to them
(``openday.core.audit.on_action``), once the transaction commits, so a refused or rolled-back
action tells no one and nothing here knows who listens.

Import the workflows from here: ``from openday.declarations.services import declaration_save``.
"""

from openday.declarations.services.declaration import (
    DeclarationInvalid,
    ItemInput,
    declaration_hand_in,
    declaration_save,
    declaration_submit,
)
from openday.declarations.services.plan import (
    declaration_merge,
    declaration_unmerge,
    plan_compile,
    plan_publish,
)
from openday.declarations.services.review import declaration_accept, declaration_return
from openday.declarations.services.shared import (
    BRIEF_MAX,
    COMMENT_MAX,
    CONTACT_MAX,
    FORM_MAX,
    MAX_ITEMS,
    OPEN_PHASES,
    TITLE_MAX,
)
from openday.declarations.services.window import declaration_window_open

__all__ = [
    "BRIEF_MAX",
    "COMMENT_MAX",
    "CONTACT_MAX",
    "FORM_MAX",
    "MAX_ITEMS",
    "OPEN_PHASES",
    "TITLE_MAX",
    "DeclarationInvalid",
    "ItemInput",
    "declaration_accept",
    "declaration_hand_in",
    "declaration_merge",
    "declaration_return",
    "declaration_save",
    "declaration_submit",
    "declaration_unmerge",
    "declaration_window_open",
    "plan_compile",
    "plan_publish",
]
