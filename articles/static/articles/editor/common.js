// What the newsroom's editor extensions share.
//
// Dialogs (link, image picker, embed): modal, named by their heading, made
// for the keyboard. Focus moves into the dialog, Tab and Shift+Tab stay
// inside it, Escape closes it, and closing puts focus back in the editor
// where the reporter was writing. Dialogs are appended to <body>, outside
// the admin's form: Enter in one of their fields must not submit the article.
//
// What a dialog changes in the text runs without Tiptap's focus command:
// that command focuses a frame later and puts back the selection it had,
// over any key pressed meanwhile. Closing the dialog focuses the text at
// once, in the same task: not in the dialog's "close" event, which comes in
// a task of its own, after keys pressed in between have moved the caret
// (ProseMirror's focus puts its selection back in the page).

import { crel, pm } from "django-prose-editor/editor"

/**
 * Insert a block `node` (an image, an embed) at the cursor, or after the
 * list or quote the cursor is in (those hold text only), and put the cursor
 * in the paragraph after it, made if there is none: typing on must not
 * replace what was just inserted.
 */
export function insertBlock(editor, node) {
  const { $from } = editor.state.selection
  const chain = editor.chain()
  if ($from.depth > 1) {
    chain.insertContentAt($from.after(1), node)
  } else {
    chain.insertContent(node)
  }
  return chain
    .command(({ tr }) => {
      const after = tr.selection.to
      if (!tr.doc.resolve(after).nodeAfter?.isTextblock) {
        tr.insert(after, editor.schema.nodes.paragraph.create())
      }
      tr.setSelection(pm.state.TextSelection.create(tr.doc, after + 1))
      return true
    })
    .run()
}

let counter = 0

/** A unique id for an element of a dialog. */
export const uid = (name) => `body-editor-${name}-${++counter}`

const FOCUSABLE =
  'a[href], button:not([disabled]):not([hidden]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

function focusables(root) {
  return [...root.querySelectorAll(FOCUSABLE)].filter(
    (element) => !element.closest("[hidden]") && element.getClientRects().length,
  )
}

/**
 * A modal dialog headed `title`, for `editor`: `{ body, show, close }`.
 * Fill `body`, then `show(first)` opens the dialog with focus on `first`
 * (or its first field).
 */
export function openDialog({ editor, title }) {
  const titleId = uid("dialog-title")
  const dialog = crel("dialog", { className: "body-editor-dialog" })
  dialog.setAttribute("aria-labelledby", titleId)
  const body = crel("div", { className: "body-editor-dialog__body" })
  dialog.append(crel("h2", { id: titleId, textContent: title }), body)

  const close = () => {
    if (!dialog.open) return
    dialog.close()
    editor.view.focus()
    editor.commands.scrollIntoView()
  }

  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      // Closed here rather than by the browser, so that Escape in a search
      // field closes the dialog instead of only clearing the field.
      event.preventDefault()
      close()
    } else if (event.key === "Tab") {
      const elements = focusables(dialog)
      if (!elements.length) return
      const first = elements[0]
      const last = elements[elements.length - 1]
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault()
        last.focus()
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault()
        first.focus()
      }
    }
  })
  dialog.addEventListener("close", () => dialog.remove())

  document.body.append(dialog)
  return {
    body,
    show(first = null) {
      dialog.showModal()
      ;(first || focusables(body)[0] || dialog).focus()
    },
    close,
  }
}

/** A labelled text field: `{ row, input, error }`, with room for an error. */
export function field({ label, name, type = "text", help = "", attrs = {} }) {
  const id = uid(name)
  const input = crel("input", { id, name, type, ...attrs })
  const errorId = `${id}-error`
  const error = crel("p", { id: errorId, className: "body-editor-error" })
  error.setAttribute("role", "alert")
  error.hidden = true
  const describedBy = [errorId]
  const row = crel("div", { className: "body-editor-field" }, [
    crel("label", { htmlFor: id, textContent: label }),
    input,
  ])
  if (help) {
    const helpId = `${id}-help`
    row.append(crel("p", { id: helpId, className: "help", textContent: help }))
    describedBy.push(helpId)
  }
  row.append(error)
  input.setAttribute("aria-describedby", describedBy.join(" "))
  return { row, input, error }
}

/** Show `message` under a field made by `field()`, or clear it. */
export function showError({ input, error }, message) {
  error.textContent = message || ""
  error.hidden = !message
  if (message) {
    input.setAttribute("aria-invalid", "true")
  } else {
    input.removeAttribute("aria-invalid")
  }
}

/** A row of buttons: `[{ text, type?, className?, onClick? }]`. */
export function buttonRow(definitions) {
  const row = crel("div", { className: "body-editor-dialog__buttons" })
  const buttons = definitions.map(({ text, type = "button", className = "", onClick }) => {
    const button = crel("button", { type, textContent: text, className })
    if (onClick) button.addEventListener("click", onClick)
    row.append(button)
    return button
  })
  return { row, buttons }
}

/** The admin form's CSRF token, for the editor's own requests. */
export function csrfToken() {
  return document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""
}
