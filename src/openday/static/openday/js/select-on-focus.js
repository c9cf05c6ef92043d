// A read-only box holding something to copy (the one-time set-password link) selects its whole
// text when focused. A file, not an onfocus="" attribute: the Content-Security-Policy forbids
// inline handlers.
(function () {
  var boxes = document.querySelectorAll("input[data-select-on-focus]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("focus", function () { box.select(); });
  });
})();
