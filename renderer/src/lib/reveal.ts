// Arriving at one item (from search): bring it into view, mark it for a moment, focus it.

export function reveal(item: HTMLElement | null | undefined, focusTarget?: HTMLElement | null) {
  if (!item) return;
  item.scrollIntoView({ block: 'center' });
  item.classList.remove('found');
  // Restart the highlight if the same item is revealed twice in a row.
  void item.offsetWidth;
  item.classList.add('found');
  const target = focusTarget ?? item;
  if (target.tabIndex < 0 && !target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus({ preventScroll: true });
}
