// The editor as a form field of the admin: named by the field's label and
// described by its help text, its toggle buttons saying whether they are
// on, and no inline <style>.

import { Extension, Plugin } from "django-prose-editor/editor"

// Toolbar buttons that show a state (the others are actions).
const TOGGLES = [
  "bold",
  "italic",
  "heading2",
  "heading3",
  "paragraph",
  "bulletList",
  "orderedList",
  "blockquote",
  "pullQuote",
  "link",
]

export const AdminField = Extension.create({
  name: "adminField",

  onBeforeCreate() {
    // Tiptap adds its base styles as an inline <style> element, which the
    // Content-Security-Policy refuses; articles/editor/editor.css has them.
    this.editor.options.injectCSS = false
  },

  addProseMirrorPlugins() {
    const textarea = this.editor.options.element?.querySelector?.("textarea")
    const attributes = { "aria-multiline": "true" }
    if (textarea?.id) {
      const label = document.querySelector(`label[for="${textarea.id}"]`)
      if (label) {
        label.id ||= `${textarea.id}_label`
        attributes["aria-labelledby"] = label.id
      }
      const help = document.getElementById(`${textarea.id}_helptext`)
      if (help) attributes["aria-describedby"] = help.id
    }
    return [new Plugin({ props: { attributes } })]
  },

  onCreate() {
    const menubar = this.editor.storage.menu?.dom
    if (!menubar) return
    // A group, not a toolbar: its buttons are reached with Tab, one by one.
    menubar.setAttribute("role", "group")
    menubar.setAttribute("aria-label", "Formatting")
    const pressed = (button) =>
      button.setAttribute("aria-pressed", String(button.classList.contains("active")))
    const toggles = TOGGLES.flatMap((name) => [
      ...menubar.querySelectorAll(`button[data-name="${name}"]`),
    ])
    toggles.forEach(pressed)
    const observer = new MutationObserver((changes) => {
      for (const change of changes) pressed(change.target)
    })
    for (const button of toggles) {
      observer.observe(button, { attributes: true, attributeFilter: ["class"] })
    }
  },
})
