/* /provinces/: narrow the list of every province as the reader types a Thai or English name. Without this
   file the list is all there and the box stays hidden. */
(function () {
  "use strict";
  var box = document.querySelector(".finder-box");
  var input = document.getElementById("finder-input");
  var status = document.getElementById("finder-status");
  if (!box || !input) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("#finder-list li[data-names]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("#finder-list .picker-list"));
  box.hidden = false;
  input.addEventListener("input", function () {
    var query = input.value.trim().toLowerCase().replace(/^จ\.\s*|^จังหวัด\s*/, "");
    var shown = 0;
    items.forEach(function (item) {
      var match = !query || item.getAttribute("data-names").indexOf(query) !== -1;
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    groups.forEach(function (list) {
      var empty = !list.querySelector("li:not([hidden])");
      list.hidden = empty;
      list.previousElementSibling.hidden = empty;
    });
    status.textContent = query ? String(shown) + " / " + String(items.length) : "";
  });
}());
