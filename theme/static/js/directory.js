/* Partner directory filters. Without this script the page is the complete grouped list; with it the form
   appears, each choice narrows the list at once, and the choices live in the address
   (?type=academic&province=nakhon-phanom) so a filtered view can be shared and survives a reload. */
(function () {
  "use strict";
  var form = document.getElementById("partner-filters");
  if (!form || !window.URLSearchParams || !window.history || !history.replaceState) return;
  var FIELDS = ["region", "province", "type", "topic"];
  var status = document.getElementById("directory-status");
  var empty = document.getElementById("directory-empty");
  var regions = document.querySelectorAll(".directory-region");

  function choices() {
    var chosen = {};
    FIELDS.forEach(function (name) { chosen[name] = form.elements[name].value; });
    return chosen;
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var select = form.elements[name];
      var wanted = params.get(name) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      select.value = known ? wanted : "";
    });
  }

  function setCount(heading, n) {
    var count = heading && heading.querySelector(".count");
    if (count) count.textContent = "(" + n + ")";
  }

  function apply() {
    var c = choices();
    var shown = {}, total = {};
    Array.prototype.forEach.call(regions, function (region) {
      var inRegion = {};
      var regionMatches = !c.region || region.getAttribute("data-region") === c.region;
      Array.prototype.forEach.call(region.querySelectorAll(".directory-group"), function (group) {
        var groupMatches = regionMatches && (!c.province || group.getAttribute("data-province") === c.province);
        var visible = 0;
        Array.prototype.forEach.call(group.querySelectorAll(".partner-entry"), function (entry) {
          var slug = entry.getAttribute("data-slug");
          total[slug] = true;
          var topics = (entry.getAttribute("data-topics") || "").split(" ");
          var match = groupMatches && (!c.type || entry.getAttribute("data-type") === c.type) &&
            (!c.topic || topics.indexOf(c.topic) !== -1);
          entry.hidden = !match;
          if (match) { visible += 1; inRegion[slug] = true; shown[slug] = true; }
        });
        group.hidden = visible === 0;
        setCount(group.querySelector("h3"), visible);
      });
      var n = Object.keys(inRegion).length;
      region.hidden = n === 0;
      setCount(region.querySelector("h2"), n);
      var jump = document.querySelector('[data-jump="' + region.getAttribute("data-region") + '"]');
      if (jump) { jump.hidden = n === 0; setCount(jump, n); }
    });
    var nShown = Object.keys(shown).length, nTotal = Object.keys(total).length;
    if (empty) empty.hidden = nShown !== 0;
    if (status) {
      status.textContent = form.getAttribute("data-status").replace("{shown}", nShown).replace("{total}", nTotal);
    }
  }

  function remember() {
    var params = new URLSearchParams(window.location.search);
    var c = choices();
    FIELDS.forEach(function (name) { if (c[name]) params.set(name, c[name]); else params.delete(name); });
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  form.hidden = false;
  form.addEventListener("change", function () { apply(); remember(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); remember(); });
  window.addEventListener("popstate", function () { restore(); apply(); });
  restore();
  apply();
})();
