"""The to-do page (待办) as a whole: one section per role the user holds, all read from one
``Scope`` so the page reads the user's memberships once."""

import datetime as dt
from dataclasses import dataclass

from openday.core.scope import scope_of
from openday.workbench.selectors.nav import Roles, roles_of
from openday.workbench.selectors.todo_liaison import LiaisonTodo, liaison_todo
from openday.workbench.selectors.todo_office import OfficeTodo, office_todo
from openday.workbench.selectors.todo_viewer import Overview, region_overview


@dataclass
class Todo:
    roles: Roles
    liaison: LiaisonTodo | None
    office: OfficeTodo | None
    overview: Overview | None

    @property
    def is_empty(self) -> bool:
        return self.liaison is None and self.office is None and self.overview is None


def todo_for(who, today: dt.date) -> Todo:
    """Everything the to-do page shows ``who`` (a user or a Scope): one section per role."""
    scope = scope_of(who)
    return Todo(
        roles=roles_of(scope),
        liaison=liaison_todo(scope, today),
        office=office_todo(scope, today),
        overview=region_overview(scope, today),
    )
