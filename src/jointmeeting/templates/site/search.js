// Client-side search over unit names and aliases, duty texts, and the joint meeting's own texts
// (responsibilities, meetings, rules, requirements); no network, no libraries. Scoring follows
// `jointmeeting who` (ResponsibilityGraph.who and .clauses): a unit named as typed scores 3; a
// text scores the word as typed (1), most of its character pairs (0.7 x share), a related word
// from the thesaurus (0.5); leads weigh 1.5, supporters 0.8.
(function () {
  "use strict";
  var data = window.JM_INDEX;
  var norm = function (s) { return s.normalize("NFKC").replace(/\s+/g, ""); };
  var pairs = function (s) {
    var out = [];
    for (var i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
    return out.length ? out : [s];
  };
  var WEIGHT = { lead: 1.5, owns: 1.0, supports: 0.8 };
  var RANK = { lead: 0, owns: 1, supports: 2 };

  function termScore(word, text) {
    if (text.indexOf(word) >= 0) return 1;
    var ps = pairs(word), hit = 0;
    ps.forEach(function (p) { if (text.indexOf(p) >= 0) hit++; });
    var share = hit / ps.length;
    var best = share >= 0.75 ? 0.7 * share : 0;
    (data.thesaurus[word] || []).forEach(function (other) {
      if (text.indexOf(other) >= 0 && best < 0.5) best = 0.5;
    });
    return best;
  }

  function textScore(words, text) {
    var score = 1;
    words.forEach(function (w) { score *= termScore(w, text); });
    return score;
  }

  function clauses(query) {
    var words = query.split(/\s+/).map(norm).filter(Boolean);
    if (!words.length) return [];
    var found = [];
    data.clauses.forEach(function (c, order) {
      var score = textScore(words, norm(c.label + c.text));
      if (score > 0) found.push({ clause: c, score: score, order: order });
    });
    return found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
  }

  function search(query) {
    var words = query.split(/\s+/).map(norm).filter(Boolean);
    if (!words.length) return [];
    var byUnit = {};
    data.units.forEach(function (u) {
      var names = [u.name].concat(u.aliases).map(norm);
      if (words.every(function (w) { return names.some(function (n) { return n.indexOf(w) >= 0 || w.indexOf(n) >= 0; }); })) {
        byUnit[u.id] = { unit: u, score: 3, role: "owns", duties: [] };
      }
    });
    data.duties.forEach(function (d) {
      var score = textScore(words, norm(d.text));
      if (score <= 0) return;
      score *= WEIGHT[d.role];
      var hit = byUnit[d.unit] || (byUnit[d.unit] = { unit: data.unitById[d.unit], score: 0, role: d.role, duties: [] });
      hit.duties.push({ duty: d, score: score });
      if (score > hit.score) hit.score = score;
      if (RANK[d.role] < RANK[hit.role]) hit.role = d.role;
    });
    return Object.keys(byUnit).map(function (k) { return byUnit[k]; }).sort(function (a, b) {
      return b.score - a.score || RANK[a.role] - RANK[b.role] || a.unit.order - b.unit.order;
    });
  }

  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  // The words are the charter's language's, from the index the site build writes.
  var WORDS = window.JM_INDEX.words;
  var ROLE = WORDS.roles;
  var clauseList = document.getElementById("clause-results");

  function show() {
    var hits = search(input.value);
    list.textContent = "";
    status.textContent = input.value.trim() ? WORDS.found.replace("{n}", hits.length) : "";
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var best = hit.duties.sort(function (a, b) { return b.score - a.score; })[0];
      var a = document.createElement("a");
      a.href = "units/" + hit.unit.id + ".html" + (best ? "#duty-" + best.duty.id : "");
      a.textContent = hit.unit.name;
      li.appendChild(a);
      if (best) {
        var role = document.createElement("span");
        role.className = "role role-" + best.duty.role;
        role.textContent = ROLE[best.duty.role];
        li.appendChild(document.createTextNode(" "));
        li.appendChild(role);
        var p = document.createElement("div");
        p.textContent = best.duty.text + " 〔" + best.duty.source + "〕";
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    clauseList.textContent = "";
    clauses(input.value).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "rules.html";
      a.textContent = hit.clause.label;
      li.appendChild(a);
      li.appendChild(document.createTextNode(WORDS.colon + hit.clause.text + " 〔" + hit.clause.source + "〕"));
      clauseList.appendChild(li);
    });
  }
  input.addEventListener("input", show);
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; show(); }
})();
