// The partygraph explorer: the division tree, expanded on click, over cytoscape.js.
// Every word, colour and layer comes from the page's JSON (written by
// partygraph.explore from the vocabulary); this script retypes none of them.
// User text is only ever set as text (textContent, canvas labels), never as HTML.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var read = function (id) { return JSON.parse($(id).textContent); };
  var META = read("pg-meta");
  var TOP = read("pg-top");
  var T = META.text;
  var fmt = function (text, params) {
    return text.replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(params, k) ? String(params[k]) : m;
    });
  };
  var DIVISION = new Set(META.divisionKinds);
  var LAYERS = {};
  META.layers.forEach(function (l) {
    LAYERS[l.name] = { kinds: new Set(l.kinds), relations: new Set(l.relations), spec: l };
  });
  var layer = META.layers[0].name;

  // What is known of each node, merged as blocks are parsed.
  var NODE = new Map();      // id -> node item
  var FILL = {}, OUTLINE = {}, COVER = {};
  var FINDINGS = {}, ROWS = {};
  var CHILDREN = new Map();  // division id -> child division ids
  var BLOCKS = [];           // parsed blocks, by index
  var OWNERS = new Map();    // block node id -> set of open divisions showing it
  var OPEN = new Set();      // divisions whose child divisions are shown
  var SHOWN = new Set();     // divisions whose own nodes (their block) are shown
  META.layers.forEach(function (l) { FILL[l.name] = {}; OUTLINE[l.name] = {}; COVER[l.name] = {}; });

  function merge(part) {
    META.layers.forEach(function (l) {
      Object.assign(FILL[l.name], part.fill[l.name]);
      Object.assign(OUTLINE[l.name], part.outline[l.name]);
      Object.assign(COVER[l.name], part.cover[l.name]);
    });
    Object.assign(FINDINGS, part.findings);
    Object.assign(ROWS, part.rows);
  }
  TOP.nodes.forEach(function (n) {
    NODE.set(n.id, n);
    if (n.parent !== undefined) {
      if (!CHILDREN.has(n.parent)) { CHILDREN.set(n.parent, []); }
      CHILDREN.get(n.parent).push(n.id);
    }
  });
  merge(TOP);

  // A division's block, parsed on first use only (a city of 1,500 communities
  // opens with none parsed).
  function block(i) {
    if (BLOCKS[i] === undefined) {
      var b = read("pg-block-" + i);
      b.nodes.forEach(function (n) {
        if (!NODE.has(n.id)) { NODE.set(n.id, Object.assign({ home: b.division, parent: b.division }, n)); }
      });
      merge(b);
      indexLinks(b);
      BLOCKS[i] = b;
    }
    return BLOCKS[i];
  }

  // Box sizes from the label, measured with the font the graph draws it in.
  var FONT_SIZE = 12, LINE = 1.3, PAD = 8, READABLE = 0.8;
  var FONT = getComputedStyle(document.body).fontFamily;
  var ruler = document.createElement("canvas").getContext("2d");
  ruler.font = FONT_SIZE + "px " + FONT;
  function boxOf(label) {
    var lines = label.split("\n");
    var w = Math.max.apply(null, lines.map(function (l) { return ruler.measureText(l).width; }));
    return { w: Math.ceil(w) + 2 * PAD, h: Math.ceil(lines.length * FONT_SIZE * LINE) + 2 * PAD };
  }

  var cy = cytoscape({
    container: $("pg-graph"),
    minZoom: 0.05,
    maxZoom: 3,
    style: [
      {
        selector: "node",
        style: {
          "shape": "round-rectangle",
          "label": "data(label)",
          "text-wrap": "wrap",
          "text-valign": "center",
          "text-halign": "center",
          "font-size": FONT_SIZE,
          "font-family": FONT,
          "line-height": LINE,
          "width": "data(w)",
          "height": "data(h)",
          "background-color": "data(fill)",
          "border-color": "data(edge)",
          "border-width": 1.5,
          "border-style": "data(border)",
          "color": "data(text)",
          "outline-width": "data(outlineWidth)",
          "outline-color": "data(outline)",
          "outline-offset": 2
        }
      },
      { selector: "node:selected", style: { "border-width": 4, "border-color": META.selectColour } },
      { selector: "edge", style: { "width": 1, "line-color": META.edgeColour, "curve-style": "bezier" } },
      { selector: "edge.tree", style: { "target-arrow-shape": "none" } },
      {
        selector: "edge.rel",
        style: {
          "line-style": "dashed", "target-arrow-shape": "triangle",
          "target-arrow-color": META.edgeColour, "label": "data(label)", "font-size": 10,
          "text-rotation": "autorotate", "color": META.edgeColour
        }
      },
      { selector: ".off", style: { "display": "none" } }
    ],
    elements: []
  });
  window.pgExplorer = { cy: cy, open: OPEN, reveal: reveal, select: select };

  function nodeStyle(n) {
    var kind = META.kinds[n.kind] || META.kinds.count;
    var open = OPEN.has(n.id);
    var closed = DIVISION.has(n.kind) && ((!open && n.children) || (n.members && !SHOWN.has(n.id)));
    var sev = closed ? TOP.sub[layer][n.id] : FILL[layer][n.id];
    var mark = OUTLINE[layer][n.id];
    var lines = [n.name, kind.label];
    if (COVER[layer][n.id]) { lines.push(COVER[layer][n.id]); }
    if (n.households) { lines.push(T.households + " " + n.households); }
    if (DIVISION.has(n.kind) && n.children && !open) { lines.push("＋ " + fmt(T.children, { count: n.children })); }
    else if (DIVISION.has(n.kind) && n.members && !SHOWN.has(n.id)) { lines.push("＋"); }
    var label = lines.join("\n");
    var box = boxOf(label);
    return {
      label: label, w: box.w, h: box.h,
      fill: sev ? META.severity[sev].fill : kind.fill,
      edge: sev ? META.severity[sev].edge : kind.edge,
      text: sev ? META.kinds.count.text : kind.text,
      border: kind.dashed ? "dashed" : "solid",
      outline: mark ? META.severity[mark].edge : kind.edge,
      outlineWidth: mark ? 4 : 0
    };
  }

  function addNode(n) {
    if (cy.getElementById(n.id).nonempty()) { return; }
    cy.add({ group: "nodes", data: Object.assign({ id: n.id }, nodeStyle(n)) });
  }

  function inLayer(n) { return DIVISION.has(n.kind) || LAYERS[layer].kinds.has(n.kind); }

  // Open a division: its child divisions, and with ``own`` the nodes under it.
  function open(id, own) {
    var n = NODE.get(id);
    if (!n || !DIVISION.has(n.kind)) { return; }
    if (!OPEN.has(id)) {
      OPEN.add(id);
      (CHILDREN.get(id) || []).forEach(function (c) { addNode(NODE.get(c)); });
    }
    if (own && !SHOWN.has(id) && n.block !== undefined) {
      SHOWN.add(id);
      var b = block(n.block);
      b.nodes.forEach(function (m) {
        if (!OWNERS.has(m.id)) { OWNERS.set(m.id, new Set()); }
        OWNERS.get(m.id).add(id);
        addNode(NODE.get(m.id));
      });
      links();
    }
  }

  // The links of every parsed block whose two ends are both on the page.
  function links() {
    var add = [];
    BLOCKS.forEach(function (b) {
      if (!b) { return; }
      b.edges.forEach(function (e) {
        var eid = "r:" + e.join("|");
        if (cy.getElementById(eid).empty() && cy.getElementById(e[0]).nonempty() &&
            cy.getElementById(e[1]).nonempty()) {
          add.push({ group: "edges", classes: "rel", data: {
            id: eid, source: e[0], target: e[1], relation: e[2],
            label: META.edgeText[e[2] + "|" + e[3]] || e[2] } });
        }
      });
    });
    cy.add(add);
  }

  function close(id) {
    if (!OPEN.has(id)) { return; }
    OPEN.delete(id);
    var shown = SHOWN.delete(id);
    (CHILDREN.get(id) || []).forEach(function (c) {
      close(c);
      cy.getElementById(c).remove();
    });
    var n = NODE.get(id);
    if (shown) {
      BLOCKS[n.block].nodes.forEach(function (m) {
        var owners = OWNERS.get(m.id);
        if (!owners) { return; }
        owners.delete(id);
        if (owners.size === 0) { OWNERS.delete(m.id); cy.getElementById(m.id).remove(); }
      });
    }
  }

  // Links by node, for hanging a node under what it is linked to (below).
  var LINKS = new Map();
  var RANK = {};
  META.kindOrder.forEach(function (k, i) { RANK[k] = i; });
  function indexLinks(b) {
    b.edges.forEach(function (e) {
      [[e[0], e[1]], [e[1], e[0]]].forEach(function (pair) {
        if (!LINKS.has(pair[0])) { LINKS.set(pair[0], []); }
        LINKS.get(pair[0]).push([pair[1], e[2]]);
      });
    });
  }

  // A node its division contains directly hangs, in the tree, under the node
  // it is linked to by a relation of the layer whose kind comes closest above
  // its own in the vocabulary's order (a central household under its grid, a
  // post's holder under the post): rows stay short, and ranks fall, so no loop.
  function hangFrom(n) {
    var best, bestRank = -1, own = RANK[n.kind];
    var rel = LAYERS[layer].relations;
    (LINKS.get(n.id) || []).forEach(function (l) {
      var m = NODE.get(l[0]);
      if (!m || DIVISION.has(m.kind) || !rel.has(l[1]) || !inLayer(m)) { return; }
      var r = RANK[m.kind];
      if (r < own && r > bestRank && cy.getElementById(m.id).nonempty()) { best = m.id; bestRank = r; }
    });
    return best;
  }

  // The node a block node hangs from in the current layer: the nearest one
  // above it that the layer shows (its division at worst).
  function shownParent(n) {
    if (n.home !== undefined && n.parent === n.home) {
      var hang = hangFrom(n);
      if (hang !== undefined) { return hang; }
    }
    var p = n.parent;
    while (p !== undefined) {
      var up = NODE.get(p);
      if (!up) { return undefined; }
      if (inLayer(up) && cy.getElementById(p).nonempty()) { return p; }
      p = up.parent;
    }
    return undefined;
  }

  function refresh(fitTo) {
    cy.batch(function () {
      cy.edges(".tree").remove();
      cy.nodes().forEach(function (el) {
        var n = NODE.get(el.id());
        el.data(nodeStyle(n));
        el.toggleClass("off", !inLayer(n));
      });
      var tree = [];
      cy.nodes().not(".off").forEach(function (el) {
        var p = shownParent(NODE.get(el.id()));
        if (p !== undefined) {
          tree.push({ group: "edges", classes: "tree", data: { id: "t:" + el.id(), source: p, target: el.id() } });
        }
      });
      cy.add(tree);
      var rel = LAYERS[layer].relations;
      cy.edges(".rel").forEach(function (e) { e.toggleClass("off", !rel.has(e.data("relation"))); });
    });
    var shown = cy.nodes().not(".off");
    shown.union(cy.edges(".tree")).layout({
      name: "breadthfirst", directed: true,
      spacingFactor: 1.05, avoidOverlap: true, nodeDimensionsIncludeLabels: true, animate: false, fit: false
    }).run();
    if (fitTo) { cy.fit(fitTo, 30); }
    legend();
  }

  // Expanding or collapsing: the division, then the view fitted to it and what opened.
  function toggle(id) {
    var n = NODE.get(id);
    if (!OPEN.has(id) || (n.members && !SHOWN.has(id))) { open(id, true); } else { close(id); }
    refresh();
    focus(id);
  }

  // The view on a node and what hangs from it, no smaller than readable.
  function focus(id) {
    var e = cy.getElementById(id);
    var below = e.outgoers("edge.tree").targets();
    cy.fit(e.union(below), 40);
    if (cy.zoom() < READABLE) { cy.zoom(READABLE); cy.center(below.nonempty() ? e.union(below.first()) : e); }
  }

  function chainOf(id) {
    var out = [];
    var n = NODE.get(id);
    while (n) {
      out.unshift(n);
      n = n.parent !== undefined ? NODE.get(n.parent) : undefined;
    }
    return out;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function crumbs(id) {
    var nav = $("pg-crumbs");
    nav.textContent = "";
    chainOf(id).forEach(function (n, i) {
      if (i) { nav.appendChild(el("span", "›", "pg-sep")); }
      var a = el("a", n.name);
      a.dataset.id = n.id;
      a.addEventListener("click", function () { reveal(n.id); });
      nav.appendChild(a);
    });
  }

  function percent(ratio) { return Math.floor(ratio * 100 + 1e-9) + "%"; }

  function panel(id) {
    var n = NODE.get(id);
    var box = $("pg-panel");
    box.textContent = "";
    var kind = META.kinds[n.kind] || { label: n.kind };
    box.appendChild(el("h2", n.name));
    var facts = el("table");
    var row = function (k, v) {
      var tr = el("tr");
      tr.appendChild(el("td", k));
      tr.appendChild(el("td", String(v)));
      facts.appendChild(tr);
    };
    row(T.kind, kind.label);
    row(T.id, n.id);
    if (n.households) { row(T.households, n.households); }
    row(T.chain, chainOf(id).map(function (c) { return c.name; }).join(" › "));
    Object.keys(n.attrs || {}).forEach(function (k) { row(k, n.attrs[k]); });
    box.appendChild(facts);
    box.appendChild(el("h3", T.findings));
    var found = FINDINGS[id] || [];
    if (!META.checked) { box.appendChild(el("p", T.not_checked)); }
    else if (!found.length) { box.appendChild(el("p", T.no_findings)); }
    found.forEach(function (f) {
      var d = el("div", undefined, "pg-finding");
      var style = META.severity[f[1]];
      var badge = el("span", META.severityWords[f[1]], "pg-badge");
      if (style) {
        d.style.borderLeftColor = style.edge;
        badge.style.background = style.fill;
        badge.style.borderColor = style.edge;
      }
      var head = el("div");
      head.appendChild(badge);
      head.appendChild(el("span", META.rules[f[0]] || f[0], "pg-rule"));
      d.appendChild(head);
      d.appendChild(el("div", f[2], "pg-message"));
      if (f[3]) { d.appendChild(el("div", T.hint_label + f[3], "pg-hint")); }
      box.appendChild(d);
    });
    var rows = ROWS[id] || [];
    if (rows.length) {
      box.appendChild(el("h3", T.coverage));
      rows.forEach(function (r) {
        var line = el("div", undefined, "pg-row");
        line.appendChild(el("span", META.rules[r[0]] || r[0]));
        var figure = el("span", fmt(T.covered, { covered: r[1], total: r[2], percent: percent(r[3]) }), "pg-figure");
        if (r[3] < META.lowCoverage) { figure.style.color = META.lowCoverageColour; }
        line.appendChild(figure);
        box.appendChild(line);
      });
    }
  }

  function select(id) {
    cy.nodes(":selected").unselect();
    var e = cy.getElementById(id);
    if (e.nonempty()) { e.select(); }
    panel(id);
    crumbs(id);
  }

  // Show a node wherever it is: open the divisions above it, switch to a layer
  // that draws it, select it and centre on it.
  function reveal(id) {
    var n = NODE.get(id);
    if (!n) { return; }
    if (!inLayer(n)) {
      var l = META.layers.find(function (x) { return x.kinds.indexOf(n.kind) >= 0; });
      if (l) { setLayer(l.name, true); }
    }
    var up = n.home !== undefined ? chainOf(n.home) : chainOf(id).slice(0, -1);
    up.forEach(function (d) { open(d.id, d.id === n.home); });
    refresh();
    select(id);
    cy.zoom(Math.max(cy.zoom(), 1));
    cy.center(cy.getElementById(id));
  }

  function setLayer(name, quiet) {
    layer = name;
    Array.prototype.forEach.call($("pg-layers").children, function (b) {
      b.classList.toggle("active", b.dataset.layer === name);
    });
    if (!quiet) {
      refresh();
      var chosen = cy.nodes(":selected").not(".off");
      if (chosen.nonempty()) { focus(chosen.id()); } else { cy.fit(cy.nodes().not(".off"), 30); }
    }
  }

  function legend() {
    var foot = $("pg-legend");
    foot.textContent = "";
    if (!META.checked) { foot.appendChild(el("span", T.not_checked)); return; }
    var rule = LAYERS[layer].spec.coverage;
    Object.keys(META.severity).forEach(function (s) {
      var item = el("span");
      var sw = el("span", undefined, "pg-swatch");
      sw.style.background = META.severity[s].fill;
      sw.style.borderColor = META.severity[s].edge;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(META.severity[s].label));
      foot.appendChild(item);
    });
    foot.appendChild(el("span", fmt(T.legend_fill, { rule: META.rules[rule] || rule })));
    foot.appendChild(el("span", T.legend_outline));
    foot.appendChild(el("span", T.legend_collapsed));
  }

  // Search: the division tree first, then each block whose text holds the query
  // (found without parsing it), parsed only then.
  function search(q) {
    var hits = [];
    var lower = q.toLowerCase();
    var match = function (n) { return n.id === q || n.name.toLowerCase().indexOf(lower) >= 0; };
    TOP.nodes.forEach(function (n) { if (match(n)) { hits.push(n.id); } });
    for (var i = 0; hits.length < 50; i++) {
      var script = $("pg-block-" + i);
      if (!script) { break; }
      if (BLOCKS[i] === undefined && script.textContent.toLowerCase().indexOf(lower) < 0) { continue; }
      block(i).nodes.forEach(function (n) {
        if (match(n) && hits.indexOf(n.id) < 0) { hits.push(n.id); }
      });
    }
    return hits.slice(0, 50);
  }

  function showResults(q) {
    var list = $("pg-results");
    list.textContent = "";
    if (!q) { list.hidden = true; return []; }
    var hits = search(q);
    if (!hits.length) { list.appendChild(el("li", fmt(T.search_none, { query: q }))); }
    hits.forEach(function (id) {
      var n = NODE.get(id);
      var li = el("li", n.name);
      var where = chainOf(n.home !== undefined ? n.home : id).map(function (c) { return c.name; });
      li.appendChild(el("span", (META.kinds[n.kind] || { label: n.kind }).label + " · " + where.join(" › "), "pg-sub"));
      li.addEventListener("click", function () { list.hidden = true; reveal(id); });
      list.appendChild(li);
    });
    list.hidden = false;
    return hits;
  }

  // The page's furniture: words, layer buttons, search, events.
  document.title = T.title;
  $("pg-search").placeholder = T.search;
  $("pg-fit").textContent = T.fit;
  $("pg-counts").textContent = META.checked ? T.counts : T.not_checked;
  META.layers.forEach(function (l) {
    var b = el("button", l.label);
    b.type = "button";
    b.dataset.layer = l.name;
    b.addEventListener("click", function () { setLayer(l.name); });
    $("pg-layers").appendChild(b);
  });
  $("pg-panel").appendChild(el("p", T.hint));
  $("pg-fit").addEventListener("click", function () { cy.fit(cy.nodes().not(".off"), 30); });
  var pending;
  $("pg-search").addEventListener("input", function (ev) {
    clearTimeout(pending);
    pending = setTimeout(function () { showResults(ev.target.value.trim()); }, 150);
  });
  $("pg-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      clearTimeout(pending);
      var hits = showResults(ev.target.value.trim());
      if (hits.length) { $("pg-results").hidden = true; reveal(hits[0]); }
    } else if (ev.key === "Escape") {
      $("pg-results").hidden = true;
    }
  });
  cy.on("tap", "node", function (ev) {
    var id = ev.target.id();
    var n = NODE.get(id);
    if (DIVISION.has(n.kind) && (n.children || n.members)) { toggle(id); }
    select(id);
  });

  // Start: the tree open down to the subdistricts, collapsed there.
  setLayer(layer, true);
  var start = TOP.nodes.filter(function (n) { return n.parent === undefined; });
  while (start.length) {
    var n = start.shift();
    addNode(n);
    if (n.kind !== "subdistrict" && n.kind !== "community") {
      open(n.id, false);
      (CHILDREN.get(n.id) || []).forEach(function (c) { start.push(NODE.get(c)); });
    }
  }
  refresh(cy.nodes());
  requestAnimationFrame(function () {
    window.pgReady = performance.now();
    document.body.dataset.ready = "1";
  });
})();
