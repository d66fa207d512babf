// The chat page's behaviour that Gradio does not give: citation markers that open their source, copying
// replies as plain text, the plain text of each reply as its accessible name, and keeping the latest
// question in view. Replies carry their plain text in `data-copy` (see eduqa/replies.py).
(() => {
  if (window.eduqa) return;

  // Replies keep their plain text in a hidden block (the chat's sanitizer drops data- attributes).
  const plainText = (message) => {
    const plain = message.querySelector(".eduqa-plain");
    return (plain ? plain.textContent : message.innerText || "").trim();
  };

  // Gradio names each message by its raw content (HTML for eduqa's replies): name it by its text instead.
  const nameMessages = () => {
    document.querySelectorAll("#chat [data-testid='bot'], #chat [data-testid='user']").forEach((message) => {
      const who = message.dataset.testid === "bot" ? "eduqa" : "You";
      const name = `${who}: ${plainText(message)}`;
      if (message.getAttribute("aria-label") !== name) message.setAttribute("aria-label", name);
    });
  };

  const copy = async (text, button) => {
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    if (button) {
      const label = button.textContent;
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = label; }, 1500);
    }
  };

  const conversationText = () => {
    const parts = [];
    document.querySelectorAll("#chat [data-testid='user'], #chat [data-testid='bot']").forEach((message) => {
      const text = plainText(message);
      parts.push(message.dataset.testid === "user" ? `Question: ${text}` : text);
    });
    return parts.join("\n\n");
  };

  const scrollableParent = (element) => {
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) return node;
    }
    return null;
  };

  // After an answer: the question at the top of the conversation, so the start of the answer is in view.
  const showLatest = () => {
    setTimeout(() => {
      const questions = document.querySelectorAll("#chat [data-testid='user']");
      const last = questions[questions.length - 1];
      if (!last) return;
      const box = scrollableParent(last);
      if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
      const top = last.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.6) window.scrollBy(0, top - 8);
      nameMessages();
    }, 60);
  };

  const showDocument = () => {
    setTimeout(() => {
      const panel = document.getElementById("document-panel");
      if (panel) panel.scrollIntoView({ block: "start" });
      const focus = document.getElementById("eduqa-focus");
      if (focus) {
        const box = focus.closest(".eduqa-document");
        if (box) box.scrollTop += focus.getBoundingClientRect().top - box.getBoundingClientRect().top - 16;
        focus.focus({ preventScroll: true });
      }
    }, 80);
  };

  const openSource = (link) => {
    const source = document.getElementById(link.getAttribute("href").slice(1));
    if (!source) return;
    const more = source.parentElement && source.parentElement.closest("details");
    if (more) more.open = true;
    source.open = true;
    source.scrollIntoView({ block: "nearest" });
    const summary = source.querySelector("summary");
    if (summary) summary.focus({ preventScroll: true });
  };

  const openInDocument = (button) => {
    const box = document.querySelector("#open-passage textarea, #open-passage input");
    if (!box) return;
    const value = button.getAttribute("href").replace(/^#show:/, "");
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(box), "value").set;
    setter.call(box, value === box.value ? `${value} ` : value);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  };

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const cite = target.closest("a.eduqa-cite");
    const copyButton = target.closest("button.eduqa-copy");
    const opener = target.closest("a.eduqa-open");
    if (!cite && !copyButton && !opener) return;
    event.preventDefault();
    event.stopPropagation();
    if (cite) openSource(cite);
    else if (copyButton) copy(plainText(copyButton.closest(".eduqa-reply")), copyButton);
    else openInDocument(opener);
  }, true);

  // Enter on a citation marker or a button inside a reply must not reach the message's own key handler.
  document.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (event.key === "Enter" && target && target.closest(".eduqa-reply") && target.matches("a, button")) {
      event.preventDefault();
      event.stopPropagation();
      target.click();
    }
  }, true);

  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; nameMessages(); });
  });
  const start = () => observer.observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label"],
  });
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);

  window.eduqa = { showLatest, showDocument, copyConversation: () => copy(conversationText(), null), conversationText };
})();
