// A questionnaire's conditional questions: a question shown only after a given answer
// (data-depends-on: the earlier question's field name, data-depends-value: the choice) is
// hidden while that choice is not chosen, or while the earlier question is itself hidden.
// Without this script every question is shown and the server keeps only the answers to the
// questions whose condition is met. No inline handlers: the CSP forbids them.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector(".questionnaire-form");
  if (!form) {
    return;
  }
  var conditional = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-depends-on]"));
  if (!conditional.length) {
    return;
  }

  function chosen(name, value) {
    var inputs = form.querySelectorAll('input[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].checked && inputs[i].value === value) {
        var owner = inputs[i].closest("fieldset");
        return !(owner && owner.hidden);
      }
    }
    return false;
  }

  function update() {
    // In page order: a question's condition is always on an earlier one.
    conditional.forEach(function (fieldset) {
      fieldset.hidden = !chosen(fieldset.dataset.dependsOn, fieldset.dataset.dependsValue);
    });
  }

  form.addEventListener("change", update);
  update();
});
