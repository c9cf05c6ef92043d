{% autoescape off %}/* openday 活动专栏嵌入组件：{{ title_comment }}
 * 用法：在页面中需要显示的位置粘贴
 *   <script src="{{ script_url }}" async></script>
 * 可选属性：data-limit="5"（显示条数，1-20）。
 * 组件在本标签之后插入一个 <div class="openday-widget">，样式封装在 Shadow DOM 中，
 * 不影响所在页面的样式，也不受其影响；不依赖任何其他脚本。
 */
(function () {
  "use strict";
  var CONFIG = {{ config_json }};
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) {
    return;
  }
  var base = script.src;
  var limit = parseInt(script.getAttribute("data-limit") || "", 10);
  if (!(limit >= 1 && limit <= 20)) {
    limit = CONFIG.limit;
  }

  var CSS = [
    ":host{all:initial;display:block}",
    ".odw{box-sizing:border-box;max-width:100%;font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;font-size:15px;line-height:1.6;color:#1f2328;background:#fff;border:1px solid #d5dae0;border-top:4px solid #b3141c;border-radius:6px;padding:12px 14px}",
    ".odw *{box-sizing:border-box}",
    ".odw-title{margin:0 0 8px;font-size:17px;font-weight:700;color:#8c0f15}",
    ".odw-list{list-style:none;margin:0;padding:0}",
    ".odw-item{padding:8px 0;border-top:1px solid #e5e8ec}",
    ".odw-item:first-child{border-top:0}",
    ".odw a{color:#0b4a8b;text-decoration:underline;text-underline-offset:.2em;overflow-wrap:anywhere}",
    ".odw a:hover{color:#083766}",
    ".odw a:focus-visible{outline:3px solid #0b4a8b;outline-offset:2px}",
    ".odw-meta{display:block;color:#555e68;font-size:14px}",
    ".odw-empty{margin:0;color:#555e68}",
    ".odw-more{margin:8px 0 0;text-align:right;font-size:14px}"
  ].join("\n");

  var host = document.createElement("div");
  host.className = "openday-widget";
  script.parentNode.insertBefore(host, script.nextSibling);
  var root = host;
  if (host.attachShadow) {
    root = host.attachShadow({ mode: "open" });
    if (window.CSSStyleSheet && "adoptedStyleSheets" in root) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = document.createElement("style");
      style.textContent = CSS;
      root.appendChild(style);
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  function dayLabel(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return parts ? parseInt(parts[2], 10) + "月" + parseInt(parts[3], 10) + "日" : "";
  }

  var box = el("section", "odw");
  box.setAttribute("aria-label", CONFIG.title);
  box.appendChild(el("p", "odw-title", CONFIG.title));
  var body = el("div", "odw-body");
  body.appendChild(el("p", "odw-empty", "正在加载…"));
  box.appendChild(body);
  var more = el("p", "odw-more");
  more.appendChild(link(new URL(CONFIG.column, base).href, "查看全部活动 ›"));
  box.appendChild(more);
  root.appendChild(box);

  function show(node) {
    body.textContent = "";
    body.appendChild(node);
  }

  function render(data) {
    var items = (data && data.results) || [];
    if (!items.length) {
      show(el("p", "odw-empty", CONFIG.empty));
      return;
    }
    var list = el("ul", "odw-list");
    items.forEach(function (item) {
      var li = el("li", "odw-item");
      li.appendChild(link(item.links.notice, item.title));
      var when = dayLabel(item.date);
      if (item.start_time) {
        when += " " + item.start_time;
      }
      var meta = [when, item.venue, item.status === "postponed" ? item.status_label : ""];
      li.appendChild(el("span", "odw-meta", meta.filter(Boolean).join(" · ")));
      list.appendChild(li);
    });
    show(list);
  }

  var url = new URL(CONFIG.api, base);
  url.searchParams.set("page_size", String(limit));
  fetch(url.href, { credentials: "omit", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(render)
    .catch(function () {
      show(el("p", "odw-empty", CONFIG.failed));
    });
})();
{% endautoescape %}
