import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { PastedFiles } from '../../components/toolbar/PastedFiles';
import type { PastedFile } from '../../components/toolbar/use-pasted-files';
import { installDom } from '../support/dom';

/** Removing a pasted file leaves the keyboard focus on a neighbouring row, or on Attach files once none is left. */

let root!: Element;
let focus!: MockInstance<() => void>;

function Harness({ names }: { names: string[] }) {
  const [pasted, setPasted] = useState<readonly PastedFile[]>(() =>
    names.map((name, index) => ({ id: index + 1, name, file: new File(['x'], name) })),
  );
  return (
    <section class="toolbar">
      <button type="button" class="attach__pick">
        Attach files
      </button>
      <PastedFiles
        pasted={pasted}
        busy={false}
        onRename={() => undefined}
        onRemove={(id) => setPasted((current) => current.filter((entry) => entry.id !== id))}
        onAttach={() => undefined}
      />
    </section>
  );
}

/** A click the browser made from the user's input, as the toolbar's handlers require. */
async function remove(row: number): Promise<void> {
  const button = root.querySelectorAll('.pasted button.link')[row] as HTMLButtonElement;
  const click = new window.Event('click', { bubbles: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  focus.mockClear();
  await act(() => void button.dispatchEvent(click));
}

const focused = () => focus.mock.contexts.map((element) => element as unknown as HTMLElement);
const names = () => [...root.querySelectorAll<HTMLInputElement>('.pasted__name')];

beforeAll(() => {
  root = installDom();
});

beforeEach(() => {
  focus = vi.spyOn(HTMLElement.prototype, 'focus');
});

afterEach(() => {
  render(null, root);
  vi.restoreAllMocks();
});

describe('removing a pasted file', () => {
  it("moves the focus to the next row's name, or the previous one's when it was the last row", async () => {
    await act(() => render(<Harness names={['a.png', 'b.png', 'c.png']} />, root));
    await remove(0);
    expect(names().map((input) => input.value)).toEqual(['b.png', 'c.png']);
    expect(focused()).toHaveLength(1);
    expect(focused()[0]).toBe(names()[0]);

    await remove(1);
    expect(names().map((input) => input.value)).toEqual(['b.png']);
    expect(focused()).toHaveLength(1);
    expect(focused()[0]).toBe(names()[0]);
  });

  it("moves the focus to the toolbar's Attach files button when the list is emptied", async () => {
    await act(() => render(<Harness names={['a.png']} />, root));
    await remove(0);
    expect(root.querySelector('.pasted')).toBeNull();
    expect(focused()).toHaveLength(1);
    expect(focused()[0]).toBe(root.querySelector('.attach__pick'));
  });
});
