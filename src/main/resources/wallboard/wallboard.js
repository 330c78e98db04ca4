// The wallboard: renders the board the server streams on /events (Server-Sent Events) and ticks the waiting times.
// Every caller-supplied text goes into the page with textContent, never as HTML.
"use strict";

(function () {
  var board = null;
  // when each call first showed in each list (browser clock, ms): what "a new event shows within 1 s" is measured on
  var firstShown = window.callpathFirstShown = {};
  var clockOffsetMs = 0; // server clock minus this browser's clock
  var PHASES = {
    informer: "informer", menu: "menu", assistant_ringing: "assistant ringing", assistant_talking: "with assistant",
    transfer_hold: "on hold", seller_ringing: "seller ringing", whisper: "whisper", none: "before a phase"
  };

  function $(id) { return document.getElementById(id); }

  function text(element, value) {
    element.textContent = value === null || value === undefined ? "" : String(value);
    return element;
  }

  function cell(row, value, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    text(td, value);
    row.appendChild(td);
    return td;
  }

  function seconds(ms) {
    if (ms === null || ms === undefined) { return "–"; }
    return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + " s";
  }

  function clock(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var m = Math.floor(total / 60), s = total % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function callerCell(row, name, number) {
    var td = cell(row, name || number || "unknown");
    td.title = name || number || "";
    if (name && number) {
      var span = document.createElement("span");
      span.className = "caller-number";
      text(span, number);
      td.appendChild(span);
    }
    return td;
  }

  function fill(tableId, rows, render) {
    var body = $(tableId).tBodies[0];
    var fresh = document.createElement("tbody");
    rows.forEach(function (item) {
      var row = document.createElement("tr");
      render(row, item);
      fresh.appendChild(row);
    });
    body.parentNode.replaceChild(fresh, body);
  }

  function now() { return Date.now() + clockOffsetMs; }

  function render() {
    var b = board;
    text($("day"), "today " + b.day + " (" + b.zone + ")");
    text($("target"), "target " + seconds(b.targetMs));
    text($("short-abandon"), seconds(b.shortAbandonMs));
    text($("waiting-count"), b.waitingCount);
    text($("offered"), b.today.offered);
    text($("reached-count"), b.today.reached);
    text($("p50"), seconds(b.today.p50Ms));
    text($("p90"), seconds(b.today.p90Ms));
    var level = $("service-level");
    if (b.today.serviceLevel === null) {
      text(level, "–");
      level.className = "value";
    } else {
      text(level, Math.round(b.today.serviceLevel * 100) + " %");
      level.className = "value " + (b.today.serviceLevel >= 0.8 ? "good" : b.today.serviceLevel >= 0.6 ? "warn" : "bad");
    }
    fill("waiting", b.waiting, function (row, call) {
      row.setAttribute("data-call", call.id);
      if (!firstShown["waiting:" + call.id]) { firstShown["waiting:" + call.id] = Date.now(); }
      callerCell(row, call.callerName, call.callerNumber);
      cell(row, call.line);
      cell(row, PHASES[call.phase] || call.phase || "");
      var waited = cell(row, clock(now() - call.t0), "num waited");
      waited.setAttribute("data-t0", String(call.t0));
    });
    $("waiting-empty").hidden = b.waiting.length > 0;
    fill("reached", b.reached, function (row, call) {
      row.setAttribute("data-call", call.id);
      if (!firstShown["reached:" + call.id]) { firstShown["reached:" + call.id] = Date.now(); }
      callerCell(row, call.callerName, call.callerNumber);
      cell(row, call.line);
      cell(row, call.seller);
      cell(row, seconds(call.timeToSellerMs), "num " + (call.timeToSellerMs <= b.targetMs ? "good" : "bad"));
    });
    var callbacks = b.callbacks || [];
    fill("callbacks", callbacks, function (row, c) {
      row.setAttribute("data-line", c.line);
      cell(row, c.line);
      cell(row, c.queued, "num");
      cell(row, c.dialing, "num");
      cell(row, c.done, "num good");
      cell(row, c.failed, "num" + (c.failed > 0 ? " bad" : ""));
      cell(row, seconds(c.p50TimeToCallbackMs), "num");
    });
    $("callbacks-empty").hidden = callbacks.length > 0;
    fill("abandons", b.abandonsByPhase.filter(function (a) { return a.abandons > 0; }), function (row, a) {
      cell(row, PHASES[a.phase] || a.phase);
      cell(row, a.abandons, "num");
    });
    fill("sellers", b.sellers, function (row, s) {
      cell(row, s.seller);
      cell(row, s.calls, "num");
      cell(row, seconds(s.p50TimeToSellerMs), "num");
      cell(row, seconds(s.p50RingingMs), "num");
    });
    fill("sources", b.sources, function (row, s) {
      cell(row, s.source || "–");
      cell(row, s.campaign || "–");
      cell(row, s.calls, "num");
      cell(row, s.reached, "num");
      cell(row, seconds(s.p50TimeToSellerMs), "num");
    });
    tick();
  }

  function tick() {
    if (!board) { return; }
    var longest = null;
    var cells = document.querySelectorAll("#waiting td.waited");
    for (var i = 0; i < cells.length; i++) {
      var waited = now() - Number(cells[i].getAttribute("data-t0"));
      text(cells[i], clock(waited));
      longest = longest === null ? waited : Math.max(longest, waited);
    }
    text($("longest-wait"), longest === null ? "–" : clock(longest));
  }

  function connect() {
    var link = $("link");
    var source = new EventSource("events");
    source.addEventListener("board", function (message) {
      board = JSON.parse(message.data);
      clockOffsetMs = board.serverTime - Date.now();
      text(link, "live");
      link.className = "link up";
      render();
    });
    source.onerror = function () {
      text(link, "reconnecting…");
      link.className = "link down";
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    connect();
    setInterval(tick, 250);
  });
})();
