// The search page (/search/, /en/search/): docs/search.md explains the whole.
// Pagefind (loaded from /pagefind/, its WebAssembly on the page itself) finds candidate pages, Thai marks
// exact (ข่าว, ขาว and ข้าว apart); the pages about to be shown are then read and checked to hold the query's
// Thai words whole, because Pagefind also matches parts of them (โคราช: โค|ราช).
// Names and years are expanded from synonyms.json, which the build writes from the site's data.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;

  var SCREENFUL = 5;        // results a phone shows at once: a first search reads only these pages' text
  var PAGE_SIZE = 10;       // results each "More results" adds
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
  // entries: the query's pages in order, each {result, form, data, ok}: `data` is the page's text and
  // filters (a Pagefind fragment), fetched only when the page is about to be shown; `ok` says whether
  // it holds the query's Thai words as typed (null: not read yet).
  var state = { entries: [], counts: {}, shown: SCREENFUL, words: [], selected: {} };
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
        // No worker: its script would repeat most of pagefind.js (13 KB more on a phone's first search)
        // for searches that take a few milliseconds. The filter index is small; loaded once, every search
        // answers with its facet counts.
        return pagefind.options({ excerptLength: 24, noWorker: true }).then(function () { return pagefind.init(); }).then(function () {
          return pagefind.filters();
        }).then(function () {
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

  function contentKey(data) {
    if (!contentKeys.has(data.url)) contentKeys.set(data.url, key(data.meta.title + " " + data.content));
    return contentKeys.get(data.url);
  }

  // Thai words must be on the page as typed: tone marks and vowels count (ข่าว is not ขาว),
  // spaces and punctuation do not ("งานบุญ ปลอดเหล้า" finds "งานบุญปลอดเหล้า"). Pagefind already matches
  // Thai marks exactly (exactDiacritics), but it splits a query into words and matches each as a word's
  // beginning, so โคราช (โค|ราช) also finds pages with นครศรีธรรมราช: a page is shown only once its text holds
  // the query's Thai words whole.
  function holds(data, form) {
    var page = contentKey(data);
    return form.every(function (w) { return !THAI.test(w) || page.indexOf(key(w)) !== -1; });
  }

  // The chosen facet values as Pagefind filters (values within one facet are alternatives), but `except`.
  function filtersFor(except) {
    var out = {};
    FACETS.forEach(function (name) {
      var chosen = state.selected[name];
      if (name !== except && chosen && chosen.size) out[name] = { any: Array.from(chosen) };
    });
    return out;
  }

  // Pagefind's options hold for the searches after them: each search is asked with its own, one at a time.
  var turn = Promise.resolve();
  function inTurn(ask) {
    var answer = turn.then(ask);
    turn = answer.catch(function () {});
    return answer;
  }

  // One form of the query through Pagefind: its pages, best first (ids only: nothing of a page's text
  // is fetched yet), and the facet counts Pagefind keeps for them.
  function searchForm(f, filters, pagefind) {
    var thai = f.some(function (w) { return THAI.test(w); });
    // Thai marks count only when the query has Thai: an English "cafe" still finds "café".
    return inTurn(function () {
      return pagefind.options({ exactDiacritics: thai }).then(function () {
        return pagefind.search(f.join(" "), { filters: filters });
      });
    }).then(function (found) {
      return { form: f, results: found && found.results ? found.results : [], counts: (found && found.filters) || {} };
    });
  }

  // The query's forms one after another, likeliest first, until ENOUGH pages are found (or `upTo` forms,
  // to count the same forms again with other filters). The pages of all forms tried, each once, in order.
  function searchForms(fs, filters, pagefind, upTo) {
    var entries = [], byId = {}, perForm = [];
    function next(i) {
      var done = upTo === undefined ? (i >= fs.length || entries.length >= ENOUGH) : i >= upTo;
      if (done) return Promise.resolve({ entries: entries, perForm: perForm });
      return searchForm(fs[i], filters, pagefind).then(function (found) {
        perForm.push(found);
        found.results.forEach(function (r) {
          if (byId[r.id]) byId[r.id].repeats += 1;
          else { byId[r.id] = { result: r, form: found.form, data: null, ok: null, repeats: 0 }; entries.push(byId[r.id]); }
        });
        return next(i + 1);
      });
    }
    return next(0);
  }

  function read(entry) {
    if (!entry.reading) {
      entry.reading = entry.result.data().then(function (data) {
        entry.data = data;
        entry.ok = holds(data, entry.form);
        return entry;
      });
    }
    return entry.reading;
  }

  // Facet counts over the pages of all forms, each page once, with no page read: Pagefind counts each
  // form; pages found by several forms are taken out by inclusion and exclusion, a search for the words of
  // several forms together being the pages found by all of them (the index words are loaded already).
  function counts(found, filters, pagefind) {
    var out = {};
    function add(c, sign) {
      Object.keys(c).forEach(function (name) {
        var m = out[name] || (out[name] = new Map());
        Object.keys(c[name]).forEach(function (v) { m.set(v, (m.get(v) || 0) + sign * c[name][v]); });
      });
    }
    var useful = found.perForm.filter(function (f) { return f.results.length; });
    useful.forEach(function (f) { add(f.counts, 1); });
    if (!found.entries.some(function (e) { return e.repeats > 0; })) return Promise.resolve(out);
    var subsets = [];
    for (var mask = 1; mask < (1 << useful.length); mask++) {
      var members = useful.filter(function (f, i) { return mask & (1 << i); });
      if (members.length > 1) subsets.push(members);
    }
    return subsets.reduce(function (done, members) {
      return done.then(function () {
        var words = unique([].concat.apply([], members.map(function (f) { return f.form; })));
        return searchForm(words, filters, pagefind).then(function (both) {
          add(both.counts, members.length % 2 ? 1 : -1);
        });
      });
    }, Promise.resolve()).then(function () { return out; });
  }

  // The whole answer to a query but the pages' text: its pages in order and the facet counts. A facet
  // with values chosen is counted without its own choice (its other values are alternatives to add).
  function search(query, pagefind, syn) {
    var us = units(query, syn);
    var words = unique([].concat.apply([], us));
    var fs = us.length ? forms(us) : [];
    return searchForms(fs, filtersFor(null), pagefind).then(function (found) {
      var asked = found.perForm.length;
      var chosen = FACETS.filter(function (name) { return state.selected[name] && state.selected[name].size; });
      return Promise.all([counts(found, filtersFor(null), pagefind)].concat(chosen.map(function (name) {
        return searchForms(fs, filtersFor(name), pagefind, asked).then(function (other) {
          return counts(other, filtersFor(name), pagefind);
        });
      }))).then(function (all) {
        var facetCounts = all[0];
        chosen.forEach(function (name, i) { facetCounts[name] = all[i + 1][name] || new Map(); });
        return { entries: found.entries, counts: facetCounts, words: words };
      });
    });
  }

  // Read the pages in order, as many as are still wanted at a time, until `wanted` of them hold the query
  // (or none are left): the first results are drawn after one screenful of pages, never after all of them.
  function verify(mine, wanted) {
    var entries = state.entries;
    var good = 0, i = 0;
    while (i < entries.length && entries[i].ok !== null) { if (entries[i].ok) good += 1; i += 1; }
    if (good >= wanted || i >= entries.length) return Promise.resolve();
    var batch = entries.slice(i, i + wanted - good);
    return Promise.all(batch.map(read)).then(function () {
      if (mine !== generation) return;
      drawResults();
      return verify(mine, wanted);
    });
  }

  function checked() {
    return state.entries.filter(function (e) { return e.ok === true; });
  }

  function unread() {
    return state.entries.filter(function (e) { return e.ok === null; }).length;
  }

  function drawFacets() {
    var any = false;
    var total = checked().length + unread();
    facetSets.forEach(function (set) {
      var name = set.getAttribute("data-facet");
      // Pagefind's counts, less the pages read and found not to hold the query's Thai words as typed
      // (Pagefind also matches parts of words: โคราช finds pages with ราช): every page found but not yet
      // read is counted, as in the number of pages found.
      var all = new Map(state.counts[name] || []);
      state.entries.forEach(function (e) {
        if (e.ok !== false) return;
        ((e.data.filters || {})[name] || []).forEach(function (v) { if (all.has(v)) all.set(v, all.get(v) - 1); });
      });
      var counts = new Map();
      all.forEach(function (n, v) { if (n > 0) counts.set(v, n); });
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
      set.hidden = values.length === 0 || (values.length === 1 && !chosen.size && counts.get(values[0]) === total);
      any = any || !set.hidden;
    });
    facetsBox.hidden = !any;
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
    var shown = checked();
    var total = shown.length + unread();
    list.textContent = "";
    shown.slice(0, state.shown).forEach(function (entry) {
      var r = entry.data;
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
    more.hidden = total <= state.shown;
    if (!state.query) status.textContent = "";
    else if (!total) status.textContent = text("found-none", { query: state.query });
    else status.textContent = total === 1 ? text("found-one") : text("found-many", { count: total });
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
    state.shown = SCREENFUL;
    remember();
    if (!query) {
      state.entries = [];
      state.counts = {};
      state.words = [];
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
      state.entries = found.entries;
      state.counts = found.counts;
      state.words = found.words;
      return verify(mine, state.shown);
    }).then(function () {
      if (mine !== generation) return;
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
  // A facet chosen or dropped asks Pagefind again with the new filters (pages already read stay cached).
  facetsBox.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || box.type !== "checkbox") return;
    var chosen = state.selected[box.name] || (state.selected[box.name] = new Set());
    if (box.checked) chosen.add(box.value); else chosen.delete(box.value);
    var name = box.name, value = box.value;
    run(input.value).then(function () {
      var again = Array.prototype.find.call(facetsBox.querySelectorAll("input"), function (b) {
        return b.name === name && b.value === value;
      });
      if (again) again.focus();
    });
  });
  more.addEventListener("click", function () {
    var mine = generation;
    var first = state.shown;
    state.shown += PAGE_SIZE;
    root.setAttribute("aria-busy", "true");
    verify(mine, state.shown).then(function () {
      if (mine !== generation) return;
      drawResults();
      root.removeAttribute("aria-busy");
      var next = list.children[first];
      if (next) next.querySelector("a").focus();
    });
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
