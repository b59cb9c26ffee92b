/* Copy a feed's address instead of opening it, where the browser allows; without this file the
   "copy" links are plain links to the feed. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) { return; }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-copy]") : null;
    if (!link) { return; }
    event.preventDefault();
    navigator.clipboard.writeText(link.href).then(function () {
      var label = link.textContent;
      link.textContent = link.getAttribute("data-copied");
      window.setTimeout(function () { link.textContent = label; }, 2000);
    });
  });
}());
