// Lists in the story body: <ul> and a plain <ol>, each <li> holding <p>s.
//
// Replaces django-prose-editor's OrderedList of the same name, which adds a
// numbering style (type, data-type and an inline style) and a start number
// the body does not keep.

import { OrderedList as PackageOrderedList } from "django-prose-editor/editor"

export const OrderedList = PackageOrderedList.extend({
  addOptions() {
    return { ...this.parent?.(), enableListAttributes: false }
  },

  addAttributes() {
    return {}
  },

  addNodeView: null,

  addMenuItems({ buttons, menu }) {
    // The package's list buttons, showing which list the cursor is in (its
    // bulleted-list button never did).
    menu.defineItem({
      name: "bulletList",
      groups: "blockType lists nodes",
      button: buttons.material("format_list_bulleted", "bulleted list"),
      command: (editor) => editor.chain().focus().toggleBulletList().run(),
      active: (editor) => editor.isActive("bulletList"),
      enabled: (editor) => editor.can().toggleBulletList(),
    })
    menu.defineItem({
      name: "orderedList",
      groups: "blockType lists nodes",
      button: buttons.material("format_list_numbered", "numbered list"),
      command: (editor) => editor.chain().focus().toggleOrderedList().run(),
      active: (editor) => editor.isActive("orderedList"),
      enabled: (editor) => editor.can().toggleOrderedList(),
    })
  },
})
