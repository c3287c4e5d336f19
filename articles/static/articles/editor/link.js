// Links in the story body: an address (http, https or mailto) and, for a
// link the server made to one of our own pages, its reference
// (data-ref="person:12"), which is kept through editing.
//
// Replaces django-prose-editor's Link of the same name: its dialog asked for
// a title and a target the body does not keep, and took any address.

import { Link as PackageLink } from "django-prose-editor/editor"
import {
  buttonRow,
  field,
  openDialog,
  showError,
} from "articles/editor/common"

const TYPED = /^(https?:\/\/[^\s/]+\S*|mailto:[^\s@]+@[^\s@]+)$/i
// Internal links come from the server as site paths, with a data-ref.
const ALLOWED = /^(https?:\/\/|mailto:|\/(?!\/))/i

/** What the reporter typed, as an address the body accepts, or null. */
export function normaliseAddress(typed) {
  let address = typed.trim()
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(address)) {
    address = `mailto:${address}`
  } else if (/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(address)) {
    address = `https://${address}`
  }
  return TYPED.test(address) ? address : null
}

function linkDialog(editor, current) {
  const editing = !!current.href
  const { show, body, close } = openDialog({
    editor,
    title: editing ? "Edit link" : "Add link",
  })
  const address = field({
    label: "Address",
    name: "link-address",
    help: "A web address (https://…) or an e-mail address.",
    attrs: { value: current.href || "", autocomplete: "off", required: true },
  })
  const form = document.createElement("form")
  form.noValidate = true
  const actions = [{ text: "Save link", type: "submit", className: "default" }]
  if (editing) {
    actions.push({
      text: "Remove link",
      onClick() {
        editor.chain().extendMarkRange("link").unsetLink().run()
        close()
      },
    })
  }
  actions.push({ text: "Cancel", onClick: () => close() })
  form.append(address.row, buttonRow(actions).row)
  body.append(form)

  form.addEventListener("submit", (event) => {
    event.preventDefault()
    const typed = address.input.value
    // An internal link left as it was keeps its reference.
    const unchanged = editing && typed.trim() === current.href
    const href = unchanged ? current.href : normaliseAddress(typed)
    if (!href) {
      showError(
        address,
        "Give a full web address starting with https:// or http://, or an e-mail address.",
      )
      address.input.focus()
      return
    }
    const attrs = { href, ref: unchanged ? current.ref : null }
    const chain = editor.chain()
    if (editing) {
      chain.extendMarkRange("link").updateAttributes("link", attrs).run()
    } else {
      chain.setMark("link", attrs).run()
    }
    close()
  })
  show(address.input)
}

export const Link = PackageLink.extend({
  addOptions() {
    return {
      ...this.parent?.(),
      isAllowedUri: (url) => ALLOWED.test(url || ""),
    }
  },

  addAttributes() {
    // Only these two: a link pasted from another site brings no class,
    // target, rel or title along.
    return {
      href: {
        default: null,
        parseHTML: (element) => element.getAttribute("href"),
      },
      ref: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-ref"),
        renderHTML: (attributes) =>
          attributes.ref ? { "data-ref": attributes.ref } : {},
      },
    }
  },

  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          if (editor.state.selection.empty && !editor.isActive("link")) {
            return false
          }
          linkDialog(editor, editor.getAttributes("link"))
          return true
        },
    }
  },
})
