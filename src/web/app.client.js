// The page at `/`: get a key (Sign in with Puter, or paste one), try a model (streamed), and copy
// the setup for your client. Plain script, no build step. Model output is only ever set as text.
'use strict'
;(() => {
  const config = JSON.parse(document.getElementById('config').textContent)
  const $ = (id) => document.getElementById(id)
  const origin = location.origin
  const STORE_KEY = 'puter-openai-proxy.key'
  let revealed = false
  let running

  // ---------- the key ----------
  const store = () => ($('remember').checked ? localStorage : sessionStorage)
  const key = () => $('token').value.trim()
  const saveKey = () => {
    sessionStorage.removeItem(STORE_KEY)
    localStorage.removeItem(STORE_KEY)
    if (key()) store().setItem(STORE_KEY, key())
    renderSetup()
  }
  $('remember').checked = localStorage.getItem(STORE_KEY) !== null
  $('token').value = localStorage.getItem(STORE_KEY) ?? sessionStorage.getItem(STORE_KEY) ?? ''
  $('token').addEventListener('input', saveKey)
  $('remember').addEventListener('change', saveKey)

  if (config.serverSideKeys) {
    // Server-side mode: the server uses its own Puter token; people present one of its keys.
    $('signed-out').hidden = true
    $('token-label').textContent = 'Proxy key'
    $('token').placeholder = 'The key this server\u2019s operator gave you'
  }

  $('reveal').addEventListener('click', () => {
    revealed = !revealed
    $('token').type = revealed ? 'text' : 'password'
    $('reveal').textContent = revealed ? 'Hide' : 'Show'
    $('reveal').setAttribute('aria-pressed', String(revealed))
    renderSetup()
  })

  $('sign-in').addEventListener('click', async () => {
    showError('')
    if (!window.puter?.auth) return showError('Puter.js could not be loaded: paste a token instead (in a browser console on puter.com, `puter.authToken`).')
    try {
      await window.puter.auth.signIn()
      const token = window.puter.authToken
      if (!token) throw new Error('Puter did not give a token.')
      $('token').value = token
      saveKey()
      signedIn(true)
    } catch (err) {
      showError(`Sign-in did not complete: ${err?.message ?? err}`)
    }
  })
  $('sign-out').addEventListener('click', async () => {
    try {
      await window.puter?.auth?.signOut?.()
    } catch {
      // the local key goes anyway
    }
    $('token').value = ''
    saveKey()
    signedIn(false)
  })
  const signedIn = (yes) => {
    $('sign-out').hidden = !yes
    $('sign-in').textContent = yes ? 'Signed in with Puter' : 'Sign in with Puter'
  }
  signedIn(Boolean(key()) && Boolean(window.puter?.auth?.isSignedIn?.()))

  /** Copies text, through the Clipboard API or, where it is refused, a selected text area. */
  async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      const area = document.createElement('textarea')
      area.value = text
      area.setAttribute('readonly', '')
      area.style.position = 'fixed'
      area.style.opacity = '0'
      document.body.append(area)
      area.select()
      document.execCommand('copy')
      area.remove()
    }
    $('copy-status').textContent = `${what} copied.`
  }
  $('copy-token').addEventListener('click', () => (key() ? copy(key(), 'The token') : showError('There is no token to copy yet.')))

  // ---------- models ----------
  async function loadModels() {
    try {
      const res = await fetch('/v1/models')
      const { data } = await res.json()
      const list = $('models')
      for (const model of data) {
        const option = document.createElement('option')
        option.value = model.id
        if (model.name) option.label = model.name
        list.append(option)
      }
      const preferred = data.find((m) => m.id === config.defaultModel || (m.aliases ?? []).includes(config.defaultModel))
      if (!$('model').value) $('model').value = (preferred ?? data[0])?.id ?? ''
      $('model').placeholder = `${data.length} models: type to search`
    } catch {
      $('model').placeholder = 'Type a model id'
    }
    renderSetup()
  }
  $('model').addEventListener('input', renderSetup)

  // ---------- try it ----------
  function showError(message) {
    $('error').textContent = message
  }

  async function send() {
    showError('')
    $('answer').textContent = ''
    $('reasoning').textContent = ''
    $('reasoning-box').hidden = true
    $('stats').textContent = ''
    if (!key()) return showError(config.serverSideKeys ? 'Enter a proxy key first.' : 'Sign in with Puter, or paste a token, first.')
    const controller = new AbortController()
    running = controller
    $('send').disabled = true
    $('stop').disabled = false
    const started = performance.now()
    let firstToken
    let usage
    try {
      const res = await fetch('/v1/chat/completions', {
        method: 'POST',
        signal: controller.signal,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key()}` },
        body: JSON.stringify({ model: $('model').value.trim(), stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: $('message').value }] }),
      })
      if (!res.ok) {
        const body = await res.json().catch(() => undefined)
        throw new Error(body?.error?.message ?? `The server answered ${res.status}.`)
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let end
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          for (const line of frame.split('\n')) {
            if (!line.startsWith('data: ') || line === 'data: [DONE]') continue
            const chunk = JSON.parse(line.slice(6))
            if (chunk.error) throw new Error(chunk.error.message)
            if (chunk.usage) usage = chunk.usage
            const delta = chunk.choices?.[0]?.delta ?? {}
            if (delta.reasoning_content) {
              $('reasoning-box').hidden = false
              $('reasoning').textContent += delta.reasoning_content
            }
            if (delta.content) {
              firstToken ??= performance.now() - started
              $('answer').textContent += delta.content
            }
          }
        }
      }
      const parts = []
      if (firstToken !== undefined) parts.push(`first token after ${Math.round(firstToken)} ms`)
      if (usage) parts.push(`${usage.prompt_tokens} tokens in, ${usage.completion_tokens} out`)
      $('stats').textContent = parts.join(' · ')
    } catch (err) {
      if (controller.signal.aborted) $('stats').textContent = 'Stopped.'
      else showError(err?.message ?? String(err))
    } finally {
      running = undefined
      $('send').disabled = false
      $('stop').disabled = true
    }
  }
  $('send').addEventListener('click', send)
  $('stop').addEventListener('click', () => running?.abort())

  // ---------- setup for each client ----------
  const CLIENTS = [
    ['curl', (k, m) => `curl ${origin}/v1/chat/completions \\\n  -H "Authorization: Bearer ${k}" -H "Content-Type: application/json" \\\n  -d '{"model": "${m}", "messages": [{"role": "user", "content": "Hello!"}]}'`],
    ['Python', (k, m) => `from openai import OpenAI\n\nclient = OpenAI(base_url="${origin}/v1", api_key="${k}")\nreply = client.chat.completions.create(model="${m}", messages=[{"role": "user", "content": "Hello!"}])\nprint(reply.choices[0].message.content)`],
    ['Node', (k, m) => `import OpenAI from 'openai'\n\nconst client = new OpenAI({ baseURL: '${origin}/v1', apiKey: '${k}' })\nconst reply = await client.chat.completions.create({ model: '${m}', messages: [{ role: 'user', content: 'Hello!' }] })\nconsole.log(reply.choices[0].message.content)`],
    ['Anthropic SDK', (k, m) => `import anthropic\n\nclient = anthropic.Anthropic(base_url="${origin}", api_key="${k}")\nmessage = client.messages.create(model="${m}", max_tokens=1024, messages=[{"role": "user", "content": "Hello!"}])\nprint(message.content[0].text)`],
    ['Claude Code', (k, m) => `export ANTHROPIC_BASE_URL=${origin}\nexport ANTHROPIC_AUTH_TOKEN=${k}\nclaude --model ${m}`],
    ['Codex CLI', (k, m) => `# ~/.codex/config.toml\nmodel = "${m}"\nmodel_provider = "puter"\n\n[model_providers.puter]\nname = "Puter"\nbase_url = "${origin}/v1"\nenv_key = "PUTER_TOKEN"\nwire_api = "responses"\n\n# then, in the shell:\n# export PUTER_TOKEN=${k}\n# codex`],
    ['Gemini CLI', (k, m) => `mkdir -p ~/.gemini\necho '{"security":{"auth":{"selectedType":"gemini-api-key"}}}' > ~/.gemini/settings.json\nexport GOOGLE_GEMINI_BASE_URL=${origin}\nexport GEMINI_API_KEY=${k}\ngemini -m ${m}`],
    ['opencode', (k, m) => `{\n  "$schema": "https://opencode.ai/config.json",\n  "provider": {\n    "puter": {\n      "npm": "@ai-sdk/openai-compatible",\n      "name": "Puter",\n      "options": { "baseURL": "${origin}/v1", "apiKey": "${k}" },\n      "models": { "${m}": {} }\n    }\n  }\n}\n// opencode.json; then: opencode run --model puter/${m} "Hello!"`],
    ['Cursor and others', (k, m) => `OpenAI base URL:  ${origin}/v1\nAPI key:          ${k}\nModel:            ${m}`],
  ]
  let selected = 0
  function renderSetup() {
    const k = revealed && key() ? key() : '<your Puter token>'
    const m = $('model').value.trim() || 'gpt-5-nano'
    const tabs = $('tabs')
    const panels = $('panels')
    tabs.replaceChildren()
    panels.replaceChildren()
    CLIENTS.forEach(([name, text], i) => {
      const tab = document.createElement('button')
      tab.type = 'button'
      tab.role = 'tab'
      tab.id = `tab-${i}`
      tab.textContent = name
      tab.setAttribute('aria-selected', String(i === selected))
      tab.setAttribute('aria-controls', `panel-${i}`)
      tab.tabIndex = i === selected ? 0 : -1
      tab.addEventListener('click', () => {
        selected = i
        renderSetup()
        $(`tab-${i}`).focus()
      })
      tab.addEventListener('keydown', (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
        if (!step) return
        selected = (selected + step + CLIENTS.length) % CLIENTS.length
        renderSetup()
        $(`tab-${selected}`).focus()
      })
      tabs.append(tab)
      const panel = document.createElement('div')
      panel.role = 'tabpanel'
      panel.id = `panel-${i}`
      panel.setAttribute('aria-labelledby', tab.id)
      panel.hidden = i !== selected
      const code = document.createElement('pre')
      code.textContent = text(k, m)
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = `Copy the ${name} setup`
      button.addEventListener('click', () => copy(code.textContent, `The ${name} setup`))
      panel.append(code, button)
      panels.append(panel)
    })
  }

  renderSetup()
  void loadModels()
})()
