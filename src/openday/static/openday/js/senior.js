/* 长辈模式（适老化）: larger type, higher contrast, wider spacing, larger targets.
 *
 * Loaded in <head> without defer, so the class is on <html> before the page is drawn (no
 * flash of the standard page). The choice is remembered in localStorage on this browser only:
 * nothing goes to the server, so the shared cached pages stay the same for everyone.
 * Without JavaScript the switch is a plain link to #senior-mode, and the stylesheet applies
 * the same rules while that fragment is the target (on that page only).
 */
(function () {
  "use strict";
  var KEY = "openday.senior";
  var root = document.documentElement;

  function remembered() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (error) {
      return false; // storage disabled: the standard page
    }
  }

  function remember(on) {
    try {
      window.localStorage.setItem(KEY, on ? "1" : "0");
    } catch (error) {
      /* storage disabled: the mode holds for this page only */
    }
  }

  function apply(on) {
    root.classList.toggle("senior", on);
  }

  // With this script running, the class alone decides (the no-JS :target rules step aside).
  root.classList.add("js");

  // A link to "#senior-mode" (the no-JS switch, shared) shows this page in senior mode.
  apply(window.location.hash === "#senior-mode" || remembered());

  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-senior-mode]") : null;
      if (!target) {
        return;
      }
      event.preventDefault();
      var on = target.getAttribute("data-senior-mode") === "on";
      remember(on);
      apply(on);
      var next = document.querySelector('[data-senior-mode="' + (on ? "off" : "on") + '"]');
      if (next) {
        next.focus();
      }
    });
  });
})();
