// ScratchNet stepper: shows one step of a lesson at a time. Without this script every step is
// visible in order; with it, Previous/Next buttons, the arrow keys and the URL fragment (#step-id)
// move through them. No libraries, no network.
(function () {
  "use strict";

  function start() {
    var container = document.querySelector("[data-steps]");
    var nav = document.querySelector(".stepper");
    if (!container || !nav) return;
    var steps = Array.prototype.slice.call(container.querySelectorAll("section.step"));
    if (steps.length === 0) return;
    var prev = nav.querySelector("[data-prev]");
    var next = nav.querySelector("[data-next]");
    var status = nav.querySelector(".stepper-status");
    var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
    var current = -1;

    document.documentElement.classList.add("stepper-on");
    nav.hidden = false;

    function indexForHash(hash) {
      if (!hash || hash.length < 2) return -1;
      var id;
      try { id = decodeURIComponent(hash.slice(1)); } catch (e) { id = hash.slice(1); }
      for (var i = 0; i < steps.length; i++) {
        if (steps[i].id === id) return i;
      }
      var target = document.getElementById(id);
      if (target) {
        for (var j = 0; j < steps.length; j++) {
          if (steps[j].contains(target)) return j;
        }
      }
      return -1;
    }

    function show(index, options) {
      options = options || {};
      if (index < 0 || index >= steps.length) return;
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      tocLinks.forEach(function (link) {
        if (link.getAttribute("href") === "#" + steps[index].id) link.setAttribute("aria-current", "step");
        else link.removeAttribute("aria-current");
      });
      status.textContent = "Step " + (index + 1) + " of " + steps.length + ": " + (steps[index].getAttribute("data-title") || "");
      prev.disabled = index === 0;
      next.disabled = index === steps.length - 1;
      if (options.updateURL) {
        var hash = "#" + steps[index].id;
        if (location.hash !== hash) {
          try { history.replaceState(null, "", hash); } catch (e) { location.hash = hash; }
        }
      }
      if (options.focus) {
        var heading = steps[index].querySelector("h2");
        if (heading) {
          heading.setAttribute("tabindex", "-1");
          heading.focus({ preventScroll: true });
        }
      }
      if (options.scroll) scrollToSteps(options.always);
    }

    // Puts the top of the steps just under the sticky navigation bar, unless the page is
    // already scrolled above that point (then the step is in view as it is).
    function scrollToSteps(always) {
      var y = container.getBoundingClientRect().top + window.pageYOffset - nav.offsetHeight - 8;
      if (always || window.pageYOffset > y) window.scrollTo(0, Math.max(0, y));
    }

    function go(delta, fromKey) {
      var target = Math.max(0, Math.min(steps.length - 1, current + delta));
      if (target !== current) show(target, { updateURL: true, scroll: true, focus: fromKey });
    }

    prev.addEventListener("click", function () { go(-1, false); });
    next.addEventListener("click", function () { go(1, false); });

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var target = event.target;
      var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
      if (tag === "input" || tag === "textarea" || tag === "select" || (target && target.isContentEditable)) return;
      if (event.key === "ArrowRight") { go(1, true); event.preventDefault(); }
      else if (event.key === "ArrowLeft") { go(-1, true); event.preventDefault(); }
    });

    window.addEventListener("hashchange", function () {
      var index = indexForHash(location.hash);
      if (index >= 0 && index !== current) show(index, { scroll: true, always: true });
    });

    var initial = indexForHash(location.hash);
    show(initial >= 0 ? initial : 0, { scroll: initial >= 0, always: true });
    // The browser scrolls to the fragment's old position once the page has loaded, after the
    // other steps were hidden: put the opened step back under the navigation bar.
    if (initial >= 0) window.addEventListener("load", function () { scrollToSteps(true); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Scrubbers (ScrubberView): a labelled range input picks one of a step's recorded frames, e.g.
// the network after each epoch. Without this script a few evenly spaced frames are shown instead.
(function () {
  "use strict";

  function setUp(figure) {
    var controls = figure.querySelector(".scrubber-controls");
    var input = controls && controls.querySelector("input[type='range']");
    var output = controls && controls.querySelector("output");
    var frames = Array.prototype.slice.call(figure.querySelectorAll(".frame"));
    if (!input || !output || frames.length === 0) return;
    controls.hidden = false;
    figure.classList.add("scrubber-on");

    function show(index) {
      if (isNaN(index) || index < 0 || index >= frames.length) return;
      frames.forEach(function (frame, i) { frame.hidden = i !== index; });
      var label = frames[index].getAttribute("data-label") || "";
      output.textContent = label;
      input.setAttribute("aria-valuetext", label);
    }

    input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
    show(parseInt(input.value, 10));
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-scrubber]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
