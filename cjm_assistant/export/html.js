// The persona filter of the web page (export/html.py). Without scripts the filter stays hidden and every item shows.
(function () {
  "use strict";
  var filter = document.getElementById("persona-filter");
  if (!filter) { return; }
  var status = document.getElementById("filter-status");
  filter.hidden = false;
  filter.addEventListener("change", function (event) {
    var chosen = event.target.value;
    var hidden = 0;
    document.querySelectorAll("[data-personas]").forEach(function (el) {
      var list = el.getAttribute("data-personas").split(" ");
      var other = chosen !== "" && list[0] !== "" && list.indexOf(chosen) < 0;
      el.classList.toggle("other-persona", other);
      if (other && el.tagName === "LI") { hidden += 1; }
    });
    status.textContent = chosen === "" ? "" : hidden + (hidden === 1 ? " item" : " items") + " for other personas hidden.";
  });
})();
