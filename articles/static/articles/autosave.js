// Autosave of the article form (articles/autosave.py, issue 16): nothing a
// reporter types is lost to a closed tab, a crash or an ended session.
//
// - A few seconds after the last change, and when the page is hidden or
//   left, the form's fields go to the server as the user's draft.
// - Every change not yet kept by the server is also kept in this browser
//   (localStorage), so what could not reach the server (the session ended,
//   the network failed) is pushed there when this form is opened again,
//   after logging in, and offered back.
// - Before the session ends the page says so and offers to extend it; when
//   it has ended, it says so and links to the login page, which brings the
//   user back here.
// - Leaving with changes the server has not kept asks first.
//
// The addresses and timings are in data attributes of #autosave (the
// template); no inline script, as the Content-Security-Policy requires.

;(() => {
  "use strict"

  const box = document.getElementById("autosave")
  const form = box?.closest("form")
  if (!form) return

  const data = box.dataset
  const isNew = data.new === "1"
  const delay = Number(data.delay) || 3000
  const warnSeconds = Number(data.warnSeconds) || 600
  const prefix = `newsroom-autosave:${data.key}`
  const tokenField = form.elements.namedItem("autosave_token")
  const storageKey = isNew ? `${prefix}:${tokenField?.value || ""}` : prefix
  // Timers in browsers overflow past 2^31 - 1 ms (about 24 days).
  const LONGEST_WAIT = 2 ** 31 - 1

  const status = box.querySelector(".autosave-status")
  const warning = box.querySelector(".autosave-warning")
  const minutes = box.querySelector(".autosave-minutes")
  const extend = box.querySelector(".autosave-extend")
  const ended = box.querySelector(".autosave-ended")
  const login = box.querySelector(".autosave-login")
  const problem = box.querySelector(".autosave-problem")

  // An earlier draft waits above the form: saving this one would replace it.
  const waiting = data.offered === "1"
  let kept = "" // the fields as the server holds them (JSON)
  let timer = null
  let saving = false
  let sessionEnded = false
  let submitting = false
  let leaving = false
  let sessionTimer = null

  function fields() {
    const out = {}
    for (const [name, value] of new FormData(form)) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") continue
      if (!out[name]) out[name] = []
      out[name].push(value)
    }
    return out
  }

  function csrfToken() {
    return form.elements.namedItem("csrfmiddlewaretoken")?.value || ""
  }

  function post(url, body, options = {}) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken(),
      },
      body,
      ...options,
    })
  }

  // A copy taken as the form was submitted says so: if the article's lock
  // has moved on when the form is next opened, that save went through.
  function keepLocally(json, submitted = false) {
    const copy = { fields: JSON.parse(json), lock: Number(data.lock) || 0, submitted }
    try {
      localStorage.setItem(storageKey, JSON.stringify(copy))
      return true
    } catch {
      return false // storage full or refused: the server copy is all there is
    }
  }

  function dropLocal(key = storageKey) {
    try {
      localStorage.removeItem(key)
    } catch {
      // nothing was kept
    }
  }

  function show(element, visible) {
    element.hidden = !visible
  }

  function say(text) {
    status.textContent = text
  }

  function trouble(text) {
    problem.textContent = text
    show(problem, Boolean(text))
  }

  // Saving ---------------------------------------------------------------

  function changed() {
    if (submitting) return
    if (waiting) {
      say(
        "Restore or discard your earlier unsaved changes (above) first: " +
          "until then this form is not saved automatically.",
      )
      return
    }
    clearTimeout(timer)
    timer = setTimeout(save, delay)
  }

  async function save() {
    timer = null
    if (submitting || waiting) return
    if (saving) {
      timer = setTimeout(save, delay)
      return
    }
    const json = JSON.stringify(fields())
    if (json === kept) {
      // Back to what the server holds (an edit undone).
      dropLocal()
      return
    }
    keepLocally(json)
    saving = true
    let response
    try {
      response = await post(data.saveUrl, `{"fields":${json}}`)
    } catch {
      saving = false
      trouble(
        "The server could not be reached. Your text is kept in this " +
          "browser and saved as soon as the server answers.",
      )
      return
    }
    saving = false
    const answer = await response.json().catch(() => null)
    if (response.ok && answer) {
      kept = json
      if (JSON.stringify(fields()) === json) dropLocal()
      sessionEnded = false
      show(ended, false)
      trouble("")
      say(`Saved draft at ${answer.saved_time}`)
      watchSession(answer.expires_in)
    } else if (response.status === 401) {
      endSession()
    } else if (answer?.error) {
      trouble(answer.error)
    } else {
      // Not the endpoint's JSON: most likely a refused CSRF token, after a
      // login in another tab.
      trouble(
        "Your changes could not be saved automatically: reload this page " +
          "(your text is kept in this browser and offered back).",
      )
    }
  }

  // The session ---------------------------------------------------------

  function endSession() {
    sessionEnded = true
    clearTimeout(sessionTimer)
    keepLocally(JSON.stringify(fields()))
    show(warning, false)
    show(ended, true)
    say("")
  }

  function watchSession(expiresIn) {
    if (typeof expiresIn !== "number") return
    clearTimeout(sessionTimer)
    const wait = Math.min(Math.max(0, expiresIn - warnSeconds) * 1000, LONGEST_WAIT)
    sessionTimer = setTimeout(checkSession, wait)
  }

  async function checkSession() {
    let response
    try {
      response = await fetch(data.sessionUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
    } catch {
      sessionTimer = setTimeout(checkSession, 60_000)
      return
    }
    if (response.status === 401) {
      endSession()
      return
    }
    const answer = await response.json().catch(() => null)
    if (!answer) return
    const left = answer.expires_in
    if (left > warnSeconds) {
      // Extended meanwhile (in another tab, say).
      show(warning, false)
      watchSession(left)
      return
    }
    const count = Math.max(1, Math.ceil(left / 60))
    minutes.textContent = count === 1 ? "less than a minute" : `${count} minutes`
    show(warning, true)
    // Counted down each minute; at the end the server says it has ended.
    sessionTimer = setTimeout(checkSession, Math.min(60, left + 1) * 1000)
  }

  extend.addEventListener("click", async () => {
    let response
    try {
      response = await post(data.sessionUrl, "{}")
    } catch {
      trouble("The server could not be reached: try again in a moment.")
      return
    }
    if (response.status === 401) {
      endSession()
      return
    }
    const answer = await response.json().catch(() => null)
    if (response.ok && answer) {
      show(warning, false)
      trouble("")
      say("You stay logged in.")
      watchSession(answer.expires_in)
    }
  })

  login.addEventListener("click", () => {
    // The text goes with the user to the login page and back.
    keepLocally(JSON.stringify(fields()))
    leaving = true
  })

  // Leaving ---------------------------------------------------------------

  form.addEventListener("input", changed)
  form.addEventListener("change", changed)

  form.addEventListener("submit", (event) => {
    if (sessionEnded) {
      // The save would be sent to the login page and lost.
      event.preventDefault()
      keepLocally(JSON.stringify(fields()))
      show(ended, true)
      login.focus()
      return
    }
    submitting = true
    clearTimeout(timer)
    if (isNew) {
      dropLocal()
    } else {
      // Kept until the form is opened again: if the save went through, the
      // article's lock has moved on and the copy is dropped then.
      const copy = JSON.stringify(fields())
      if (copy !== kept) keepLocally(copy, true)
    }
  })

  window.addEventListener("beforeunload", (event) => {
    if (submitting || leaving) return
    const json = JSON.stringify(fields())
    if (json === kept) return
    keepLocally(json)
    event.preventDefault()
    event.returnValue = ""
  })

  function flush() {
    if (submitting || waiting || leaving) return
    const json = JSON.stringify(fields())
    if (json === kept) return
    keepLocally(json)
    if (sessionEnded) return
    // keepalive lets the request outlive the page (up to 64 kB; a longer
    // text is in this browser's copy, pushed when the form is next opened).
    post(data.saveUrl, `{"fields":${json}}`, { keepalive: true }).catch(() => {})
  }

  window.addEventListener("pagehide", flush)
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !submitting && !waiting) {
      clearTimeout(timer)
      save()
    }
  })

  // Opening the form ----------------------------------------------------

  function pendingCopies() {
    const keys = []
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)
        if (key === storageKey || (isNew && key.startsWith(`${prefix}:`))) {
          keys.push(key)
        }
      }
    } catch {
      // no storage, no copies
    }
    return keys
  }

  async function pushPending() {
    if (data.bound === "1") {
      // The form came back from a save with its errors: it holds the text.
      dropLocal()
      return
    }
    let pushed = false
    for (const key of pendingCopies()) {
      let copy = null
      try {
        copy = JSON.parse(localStorage.getItem(key))
      } catch {
        copy = null
      }
      if (!copy?.fields || (copy.submitted && Number(data.lock) > copy.lock)) {
        // Unreadable, or taken as a save that went through.
        dropLocal(key)
        continue
      }
      let response
      try {
        response = await post(data.saveUrl, JSON.stringify({ fields: copy.fields }))
      } catch {
        return
      }
      if (!response.ok) return
      dropLocal(key)
      pushed = true
    }
    if (pushed && JSON.stringify(fields()) === kept) {
      // Shows the draft the server now has, with its diff, to restore.
      window.location.reload()
    }
  }

  kept = JSON.stringify(fields())
  watchSession(Number(data.expiresIn))
  pushPending()
})()
