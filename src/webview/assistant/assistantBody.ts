// The chat page's static markup (ours, no user text): the front end (media/assistant) fills it from the host's messages.
export const ASSISTANT_BODY = `<main class="assistant-panel">
  <header class="assistant-header">
    <div class="conversation-bar">
      <span class="codicon codicon-comment-discussion" aria-hidden="true"></span>
      <strong id="incident" class="incident-title"></strong>
      <select id="conversation" aria-label="Conversation"></select>
      <button id="new-conversation" class="icon-button" title="New Conversation" aria-label="New Conversation"><span class="codicon codicon-add" aria-hidden="true"></span></button>
      <button id="rename-conversation" class="icon-button" title="Rename Conversation" aria-label="Rename Conversation"><span class="codicon codicon-edit" aria-hidden="true"></span></button>
      <button id="delete-conversation" class="icon-button" title="Delete Conversation" aria-label="Delete Conversation"><span class="codicon codicon-trash" aria-hidden="true"></span></button>
    </div>
    <div class="model-bar"><span class="codicon codicon-sparkle" aria-hidden="true"></span> <span id="model"></span> <a href="#" id="select-model">Select AI Model…</a></div>
  </header>
  <ol id="messages" class="messages" aria-label="Messages" aria-live="polite"></ol>
  <footer class="composer">
    <div class="context-bar">
      <span class="codicon codicon-references" aria-hidden="true"></span> <span id="context-summary">Context: …</span>
      <a href="#" id="show-context">Show what is sent</a>
    </div>
    <ul id="picks" class="picks" aria-label="Picked log lines"></ul>
    <div id="error" class="error" role="alert"></div>
    <div class="input-row">
      <textarea id="input" rows="3" placeholder="Ask about this incident (Enter sends, Shift+Enter for a new line)" aria-label="Question"></textarea>
      <div class="input-actions">
        <button id="send" class="primary"><span class="codicon codicon-send" aria-hidden="true"></span> Send</button>
        <button id="stop" class="secondary" hidden><span class="codicon codicon-debug-stop" aria-hidden="true"></span> Stop</button>
      </div>
    </div>
  </footer>
</main>`;
