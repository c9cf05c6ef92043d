"""The staff front end's views, by area. Each reaches objects through the domain apps' access
functions with the request's ``Scope``, calls one service or selector, and renders; services
act for ``request.user``. A refused permission (``core.errors.PermissionDenied``) is Django's
own, so it goes through as a 403; other ``DomainError``s go back onto the form.

- ``auth``: signing in; ``todo``: the page after login; ``audit``: the audit log
- ``campaigns``: the list, one campaign with its plan, the plan's export
- ``rules``: a campaign's rules beside the notice's sentences; ``plan_rows``: one plan row
  added, edited or removed by the office
- ``activities``: one activity and its actions, the pages of filing, the notice and the
  report, file downloads, the campaign's materials
- ``reports``: statistics, banners, the month's summary
- ``declarations``: the lists, the liaison's form, review, the plan, downloads
- ``imports``: a campaign from its notice, a plan from its table
- ``reminders``: the inbox, one's channels, the send log, an office's defaults
"""
