// The search page (/search/, /en/search/): docs/search.md explains the whole.
// Pagefind (loaded from /pagefind/, its WebAssembly in a worker) finds candidate pages; Thai words are
// then checked as typed, because Pagefind folds tone marks away (ข่าว, ขาว and ข้าว would match each other).
// Names and years are expanded from synonyms.json, which the build writes from the site's data.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;

  var PAGE_SIZE = 10;
  var CANDIDATES = 60;      // best pages read per query form (checked, counted in the facets, shown)
  var ENOUGH = 5;           // results after which the other forms of the query are not tried
  var MAX_FORMS = 6;        // query forms tried when names expand (โคราช -> นครราชสีมา, โคราช)
  var PHRASE_WORDS = 4;     // longest name, in words, looked up in the synonyms ("Nakhon Si Thammarat")
  var DEBOUNCE_MS = 60;
  var THAI = /[\u0E00-\u0E7F]/;

  var form = root.querySelector("form.search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var facetsBox = document.getElementById("search-facets");
  var facetSets = Array.prototype.slice.call(root.querySelectorAll("[data-facet]"));
  var FACETS = facetSets.map(function (f) { return f.getAttribute("data-facet"); });

  document.getElementById("search-nojs").hidden = true;
  document.getElementById("search-ui").hidden = false;

  var engine = null;        // a promise of Pagefind
  var synonyms = null;      // a promise of synonyms.json
  var generation = 0;       // the newest query; answers to older ones are dropped
  var timer = 0;
  var state = { results: [], shown: PAGE_SIZE, words: [], selected: {}, more: false };
  var contentKeys = new Map();

  function text(name, values) {
    var s = root.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }

  // The same folding as plugins/khaosan/search/synonyms.py `key`: case, spaces and punctuation ignored.
  function key(s) {
    return String(s).normalize("NFC").toLowerCase().replace(/[^\p{L}\p{M}\p{N}]/gu, "");
  }

  function load() {
    if (!engine) {
      engine = import(root.getAttribute("data-bundle") + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ excerptLength: 24 }).then(function () { return pagefind.init(); }).then(function () {
          root.setAttribute("data-ready", "");
          return pagefind;
        });
      });
      synonyms = fetch(root.getAttribute("data-synonyms")).then(function (r) {
        return r.ok ? r.json() : { terms: {}, place_prefixes: [], place_suffixes: [] };
      }).catch(function () { return { terms: {}, place_prefixes: [], place_suffixes: [] }; });
    }
    return Promise.all([engine, synonyms]);
  }

  // A word or phrase the synonyms know, possibly written with a place prefix or suffix ("จ.นครพนม").
  function meanings(phrase, syn) {
    var k = key(phrase);
    if (!k) return null;
    if (syn.terms[k]) return syn.terms[k];
    var i, affix, rest;
    for (i = 0; i < syn.place_prefixes.length; i++) {
      affix = key(syn.place_prefixes[i]);
      rest = k.slice(affix.length);
      if (affix && k.indexOf(affix) === 0 && rest && syn.terms[rest]) return syn.terms[rest];
    }
    for (i = 0; i < syn.place_suffixes.length; i++) {
      affix = key(syn.place_suffixes[i]);
      rest = k.slice(0, k.length - affix.length);
      if (affix && k.length > affix.length && k.slice(-affix.length) === affix && syn.terms[rest]) return syn.terms[rest];
    }
    return null;
  }

  function isAffix(word, syn) {
    var k = key(word);
    return k !== "" && syn.place_prefixes.concat(syn.place_suffixes).some(function (a) { return key(a) === k; });
  }

  // The query as units, each the words it may stand for, as written: [["นครราชสีมา", "โคราช"], ["เหล้า"]].
  function units(query, syn) {
    var words = query.normalize("NFC").split(/\s+/).filter(Boolean);
    var out = [];
    var i = 0;
    while (i < words.length) {
      var found = null;
      for (var n = Math.min(PHRASE_WORDS, words.length - i); n >= 1 && !found; n--) {
        var phrase = words.slice(i, i + n).join(" ");
        var m = meanings(phrase, syn);
        if (m) found = { size: n, words: m.concat([phrase]) };
      }
      if (found) {
        out.push(unique(found.words));
        i += found.size;
      } else {
        // A lone "จ." or "province" next to a name is part of how the name was written, not a word to find.
        if (!(words.length > 1 && isAffix(words[i], syn))) out.push([words[i]]);
        i += 1;
      }
    }
    return out;
  }

  function unique(words) {
    var seen = {};
    return words.filter(function (w) { var k = key(w) || w; if (seen[k]) return false; seen[k] = true; return true; });
  }

  // Every combination of the units' words, the likeliest first, at most MAX_FORMS.
  function forms(us) {
    var out = [[]];
    us.forEach(function (choices) {
      var next = [];
      out.forEach(function (f) { choices.forEach(function (w) { next.push(f.concat([w])); }); });
      out = next.slice(0, MAX_FORMS * 4);
    });
    out.sort(function (a, b) { return rank(a, us) - rank(b, us); });
    return out.slice(0, MAX_FORMS);
  }

  function rank(form, us) {
    return form.reduce(function (sum, w, i) { return sum + us[i].indexOf(w); }, 0);
  }

  function contentKey(result) {
    if (!contentKeys.has(result.url)) contentKeys.set(result.url, key(result.meta.title + " " + result.content));
    return contentKeys.get(result.url);
  }

  // Thai words must be on the page as typed: tone marks and vowels count (ข่าว is not ขาว),
  // spaces and punctuation do not ("งานบุญ ปลอดเหล้า" finds "งานบุญปลอดเหล้า").
  function holds(result, form) {
    var page = contentKey(result);
    return form.every(function (w) { return !THAI.test(w) || page.indexOf(key(w)) !== -1; });
  }

  function searchForm(f, pagefind) {
    var checked = f.some(function (w) { return THAI.test(w); });
    return pagefind.search(f.join(" ")).then(function (found) {
      var candidates = found && found.results ? found.results : [];
      var more = candidates.length > CANDIDATES;
      return Promise.all(candidates.slice(0, CANDIDATES).map(function (r) { return r.data(); })).then(function (datas) {
        return { more: more, datas: datas.filter(function (d) { return !checked || holds(d, f); }) };
      });
    });
  }

  // The query's forms one after another, likeliest first, until a screenful of results is found: a reader
  // on a slow connection downloads only the index words and pages of the forms actually needed.
  function search(query, pagefind, syn) {
    var us = units(query, syn);
    var words = unique([].concat.apply([], us));
    var fs = us.length ? forms(us) : [];
    var seen = {};
    var results = [];
    var more = false;
    function next(i) {
      if (i >= fs.length || results.length >= ENOUGH) return Promise.resolve({ results: results, words: words, more: more });
      return searchForm(fs[i], pagefind).then(function (found) {
        more = more || found.more;
        found.datas.forEach(function (d) { if (!seen[d.url]) { seen[d.url] = true; results.push(d); } });
        return next(i + 1);
      });
    }
    return next(0);
  }

  function passes(result, except) {
    return FACETS.every(function (name) {
      var chosen = state.selected[name];
      if (name === except || !chosen || !chosen.size) return true;
      return (result.filters[name] || []).some(function (v) { return chosen.has(v); });
    });
  }

  function drawFacets() {
    var any = false;
    facetSets.forEach(function (set) {
      var name = set.getAttribute("data-facet");
      var counts = new Map();
      state.results.forEach(function (r) {
        if (!passes(r, name)) return;
        (r.filters[name] || []).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
      });
      var chosen = state.selected[name] || new Set();
      chosen.forEach(function (v) { if (!counts.has(v)) counts.set(v, 0); });
      var values = Array.from(counts.keys());
      values.sort(name === "year"
        ? function (a, b) { return b.localeCompare(a); }
        : function (a, b) { return counts.get(b) - counts.get(a) || a.localeCompare(b, "th"); });
      var ul = set.querySelector("ul");
      ul.textContent = "";
      values.forEach(function (v, i) {
        var id = "facet-" + name + "-" + i;
        var li = document.createElement("li");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.name = name;
        box.value = v;
        box.checked = chosen.has(v);
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = text("count", { value: v, count: counts.get(v) });
        li.append(box, label);
        ul.append(li);
      });
      // A facet with one value that every result shares narrows nothing.
      set.hidden = values.length === 0 || (values.length === 1 && !chosen.size && counts.get(values[0]) === visible().length);
      any = any || !set.hidden;
    });
    facetsBox.hidden = !any;
  }

  function visible() {
    return state.results.filter(function (r) { return passes(r, null); });
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // A piece of the page around the first word found, with every query word marked.
  function snippet(result, words) {
    var content = result.content.normalize("NFC");
    var lower = content.toLowerCase();
    var usable = words.filter(function (w) { return w.length > 1 || THAI.test(w); });
    var first = -1;
    usable.forEach(function (w) {
      var at = lower.indexOf(w.toLowerCase());
      if (at !== -1 && (first === -1 || at < first)) first = at;
    });
    if (first === -1) return excerptNodes(result.excerpt);
    var start = Math.max(0, first - 60);
    var space = content.lastIndexOf(" ", first);
    if (space > start - 20 && space < first) start = space + 1;
    var end = Math.min(content.length, first + 180);
    var piece = content.slice(start, end);
    var nodes = [];
    if (start > 0) nodes.push(document.createTextNode("… "));
    var pattern = new RegExp(usable.map(escapeRegExp).sort(function (a, b) { return b.length - a.length; }).join("|"), "gi");
    var last = 0;
    piece.replace(pattern, function (match, at) {
      if (at > last) nodes.push(document.createTextNode(piece.slice(last, at)));
      var mark = document.createElement("mark");
      mark.textContent = match;
      nodes.push(mark);
      last = at + match.length;
      return match;
    });
    if (last < piece.length) nodes.push(document.createTextNode(piece.slice(last)));
    if (end < content.length) nodes.push(document.createTextNode(" …"));
    return nodes;
  }

  // Pagefind's excerpt is text with <mark> around matches: keep exactly that, never other markup.
  function excerptNodes(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    return Array.prototype.map.call(tpl.content.childNodes, function (n) {
      if (n.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = n.textContent;
        return mark;
      }
      return document.createTextNode(n.textContent);
    });
  }

  function drawResults() {
    var shown = visible();
    list.textContent = "";
    shown.slice(0, state.shown).forEach(function (r) {
      var li = document.createElement("li");
      li.className = "search-result";
      var h = document.createElement("h3");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.meta.title || r.url;
      h.append(a);
      var meta = document.createElement("p");
      meta.className = "search-meta";
      [r.meta.kind, r.meta.date, r.meta.province].forEach(function (part) {
        if (!part) return;
        var span = document.createElement("span");
        span.textContent = part;
        meta.append(span);
      });
      var p = document.createElement("p");
      p.className = "search-snippet";
      p.append.apply(p, snippet(r, state.words));
      li.append(h, meta, p);
      list.append(li);
    });
    more.hidden = shown.length <= state.shown;
    if (!state.query) status.textContent = "";
    else if (!shown.length) status.textContent = text("found-none", { query: state.query });
    else if (state.more) status.textContent = text("found-best", { count: shown.length });
    else status.textContent = shown.length === 1 ? text("found-one") : text("found-many", { count: shown.length });
    drawFacets();
  }

  function remember() {
    var params = new URLSearchParams();
    if (state.query) params.set("q", state.query);
    FACETS.forEach(function (name) {
      (state.selected[name] || new Set()).forEach(function (v) { params.append(name, v); });
    });
    var qs = params.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }

  function run(query) {
    var mine = ++generation;
    query = query.trim();
    state.query = query;
    state.shown = PAGE_SIZE;
    remember();
    if (!query) {
      state.results = [];
      state.words = [];
      state.more = false;
      drawResults();
      root.setAttribute("data-answered", "");
      return Promise.resolve();
    }
    status.textContent = text("searching");
    root.setAttribute("aria-busy", "true");
    return load().then(function (loaded) {
      return search(query, loaded[0], loaded[1]);
    }).then(function (found) {
      if (mine !== generation) return;
      state.results = found.results;
      state.words = found.words;
      state.more = found.more;
      drawResults();
    }).catch(function (err) {
      if (mine !== generation) return;
      status.textContent = text("failed");
      if (window.console) console.error(err);
    }).then(function () {
      if (mine !== generation) return;
      root.removeAttribute("aria-busy");
      // The query whose answer is on the page (the tests and make bench wait for it).
      root.setAttribute("data-answered", query);
    });
  }

  input.addEventListener("input", function () {
    // Fetch the index words for what is typed so far while the reader is still typing.
    if (engine) engine.then(function (pagefind) { pagefind.preload(input.value); }).catch(function () {});
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, DEBOUNCE_MS);
  });
  input.addEventListener("focus", function () { load(); }, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  facetsBox.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox") return;
    var chosen = state.selected[box.name] || (state.selected[box.name] = new Set());
    if (box.checked) chosen.add(box.value); else chosen.delete(box.value);
    state.shown = PAGE_SIZE;
    remember();
    var name = box.name, value = box.value;
    drawResults();
    var again = Array.prototype.find.call(facetsBox.querySelectorAll("input"), function (b) {
      return b.name === name && b.value === value;
    });
    if (again) again.focus();
  });
  more.addEventListener("click", function () {
    var first = state.shown;
    state.shown += PAGE_SIZE;
    drawResults();
    var next = list.children[first];
    if (next) next.querySelector("a").focus();
  });

  var params = new URLSearchParams(location.search);
  FACETS.forEach(function (name) {
    var values = params.getAll(name);
    if (values.length) state.selected[name] = new Set(values);
  });
  input.value = params.get("q") || "";
  // Asked at once: a reader who opens the search page is about to search.
  load();
  run(input.value);
})();
