// 活动材料报送: "增加一条报道" adds a row to the media formset from its <template>
// (#media-template, whose __prefix__ and __number__ become the new row's index and number).
(function () {
  var add = document.getElementById("media-add");
  var rows = document.getElementById("media-rows");
  var template = document.getElementById("media-template");
  var total = document.getElementById("id_media-TOTAL_FORMS");
  if (!add || !rows || !template || !total) return;
  add.hidden = false;
  add.addEventListener("click", function () {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = rows.lastElementChild.querySelector("input");
    if (first) first.focus();
  });
})();
