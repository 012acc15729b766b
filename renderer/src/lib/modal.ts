// A dialog shown while its component is mounted: `<dialog {@attach modal}>` opens it as a
// modal as soon as it is in the page (focus moves in, the rest of the page goes inert).
export function modal(dialog: HTMLDialogElement): void {
  if (!dialog.open) dialog.showModal();
}
