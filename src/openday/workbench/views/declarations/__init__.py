"""Staff pages of declarations (主题申报).

- ``lists``: the campaign's declarations — every unit with its state for the office and
  superior offices, their own units for a liaison.
- ``edit``: the liaison's form: the items as rows, contact, phone and the stamped scan;
  "保存草稿" saves, "提交申报" saves then submits.
- ``review``: one declaration with the office's accept / return forms.
- ``window``: the office opens declarations (the deadline, the stamp, the note).
- ``plan``: the plan page: merges, compile, publish.
- ``downloads``: one declaration as .xlsx/.docx, all of them as .xlsx, the stamped scan.

Objects come only through the access functions of ``declarations.permissions``; each view
calls one service, and a refusal comes back on the page (400) with what the user typed.
"""
