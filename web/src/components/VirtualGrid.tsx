import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from "react";

/**
 * A grid of many items that mounts only the rows near the window's viewport (the page scrolls as usual):
 * a catalogue of thousands of films costs what a screenful costs. Columns follow the width (at least
 * `minColumnWidth` each), the row height is measured from a rendered item, and each item keeps its list
 * position for assistive technology (aria-setsize / aria-posinset).
 */
export function VirtualGrid<T>({ items, keyOf, render, minColumnWidth, gap, overscanRows = 2, label }: {
  items: T[];
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  minColumnWidth: number;
  gap: number;
  overscanRows?: number;
  label?: string;
}) {
  const list = useRef<HTMLUListElement>(null);
  const [width, setWidth] = useState(0);
  const [rowHeight, setRowHeight] = useState(0);
  const [visible, setVisible] = useState({ first: 0, last: 3 });
  const columns = Math.max(1, Math.floor((width + gap) / (minColumnWidth + gap)));
  const columnWidth = width > 0 ? (width - gap * (columns - 1)) / columns : minColumnWidth;
  const rows = Math.ceil(items.length / columns);
  const stride = rowHeight + gap;

  useLayoutEffect(() => {
    const element = list.current!;
    const observer = new ResizeObserver(() => {
      setWidth(element.clientWidth);
      const first = element.querySelector("li");
      if (first) setRowHeight(Math.max(...[...element.querySelectorAll("li")].slice(0, columns).map((li) => li.getBoundingClientRect().height), first.getBoundingClientRect().height));
    });
    observer.observe(element);
    element.querySelectorAll("li").forEach((li) => observer.observe(li));
    return () => observer.disconnect();
  }, [columns, visible.first, visible.last, items.length]); // the rendered cells change only with these

  useEffect(() => {
    const update = () => {
      const top = list.current?.getBoundingClientRect().top ?? 0;
      if (stride <= 0) return setVisible({ first: 0, last: 3 });
      const first = Math.max(0, Math.floor(-top / stride) - overscanRows);
      const last = Math.min(rows - 1, Math.ceil((window.innerHeight - top) / stride) + overscanRows);
      setVisible((v) => (v.first === first && v.last === last ? v : { first, last }));
    };
    update();
    window.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    return () => {
      window.removeEventListener("scroll", update);
      window.removeEventListener("resize", update);
    };
  }, [stride, rows, overscanRows]);

  const shown: ReactNode[] = [];
  for (let row = visible.first; row <= visible.last && row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      const item = items[index];
      if (item === undefined) break;
      shown.push(
        <li
          key={keyOf(item)}
          className="virtual-cell"
          aria-setsize={items.length}
          aria-posinset={index + 1}
          style={{ position: "absolute", top: row * stride, left: column * (columnWidth + gap), width: columnWidth }}
        >
          {render(item)}
        </li>,
      );
    }
  }
  return (
    <ul ref={list} className="virtual-grid" aria-label={label} style={{ position: "relative", height: rows > 0 ? rows * stride - gap : 0 }}>
      {shown}
    </ul>
  );
}
