// The staff header's unread count, on pages that did not count it themselves: fetched after
// the page loads from the URL in the badge's data-unread-url (a file, not an inline script,
// so the Content-Security-Policy can forbid inline scripts).
(function () {
  var badge = document.querySelector(".inbox-unread[data-unread-url]");
  if (!badge || !window.fetch) return;
  fetch(badge.dataset.unreadUrl, {credentials: "same-origin"})
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) { if (data && data.unread) badge.textContent = "（" + data.unread + "条未读）"; })
    .catch(function () {});
})();
