/** The page's HTML; `__CONFIG__` and `__PUTER_SCRIPT__` are filled in by routes.ts. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>puter-openai-proxy</title>
<link rel="stylesheet" href="/ui/style.css">
<script type="application/json" id="config">__CONFIG__</script>
__PUTER_SCRIPT__
<script src="/ui/app.js" defer></script>
</head>
<body>
<header>
  <h1>puter-openai-proxy</h1>
  <p>Use Puter's models from the tools you already have: this server speaks the OpenAI, Anthropic and Gemini APIs, and your Puter token is the API key.</p>
</header>
<main>
  <section aria-labelledby="key-title">
    <h2 id="key-title">1. Your key</h2>
    <div id="signed-out">
      <p id="key-help">Sign in with your Puter account to get your token, or paste one you already have.</p>
      <button type="button" id="sign-in">Sign in with Puter</button>
    </div>
    <div class="row">
      <label for="token" id="token-label">Puter token</label>
      <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="Paste a token, or sign in">
      <button type="button" id="reveal" aria-pressed="false" aria-controls="token">Show</button>
      <button type="button" id="copy-token">Copy</button>
    </div>
    <div class="row">
      <input type="checkbox" id="remember">
      <label for="remember">Remember on this device (otherwise it is forgotten when this tab closes)</label>
    </div>
    <p class="note">The token is kept in this browser only and sent only to this server.</p>
    <button type="button" id="sign-out" hidden>Sign out</button>
    <p id="copy-status" role="status" aria-live="polite"></p>
  </section>

  <section aria-labelledby="try-title">
    <h2 id="try-title">2. Try a model</h2>
    <div class="row">
      <label for="model">Model</label>
      <input id="model" list="models" autocomplete="off" spellcheck="false" placeholder="Loading the models…">
      <datalist id="models"></datalist>
    </div>
    <label for="message">Message</label>
    <textarea id="message" rows="3">Say hello in three languages.</textarea>
    <div class="row">
      <button type="button" id="send">Send</button>
      <button type="button" id="stop" disabled>Stop</button>
    </div>
    <details id="reasoning-box" hidden><summary>Reasoning</summary><pre id="reasoning"></pre></details>
    <h3 class="visually-hidden">Answer</h3>
    <pre id="answer" aria-live="polite" aria-label="Answer"></pre>
    <p id="stats" role="status"></p>
    <p id="error" role="alert"></p>
  </section>

  <section aria-labelledby="setup-title">
    <h2 id="setup-title">3. Use it from your tools</h2>
    <p>The setup for each client, with this server's address and the model above filled in (and your token when it is shown).</p>
    <div role="tablist" aria-label="Clients" id="tabs"></div>
    <div id="panels"></div>
  </section>
</main>
<footer><p>API under <code>/v1</code> · <a href="/swagger">API documentation</a> · <a href="/health">health</a></p></footer>
</body>
</html>
`
