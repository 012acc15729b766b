// One request/response bookkeeping for every link between threads (issue #15 §3): each side of a
// link sends a message carrying a fresh id and later receives the answer under the same id.
// Before this, the host kept a map per kind of request (calls, brief HTML, closing) and the
// worker one more; each had to be settled by hand when the other side stopped, and one was
// forgotten. Here a request is typed by its answer, and `settleAll` answers every one at once.

export class Requests<Answer> {
  private readonly waiting = new Map<
    number,
    { resolve: (answer: Answer) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private closedWith: { answer: Answer } | { error: Error } | null = null;

  /**
   * Sends a request (`send` is given its id) and resolves with the answer that comes back
   * under that id. Once the link is closed, answers at once as it was closed.
   */
  ask<T extends Answer = Answer>(send: (id: number) => void): { id: number; answer: Promise<T> } {
    const id = this.nextId++;
    const closed = this.closedWith;
    if (closed) {
      return {
        id,
        answer: ('error' in closed
          ? Promise.reject(closed.error)
          : Promise.resolve(closed.answer)) as Promise<T>,
      };
    }
    const answer = new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (answer: Answer) => void, reject });
    });
    send(id);
    return { id, answer };
  }

  /** The answer to request `id`; an unknown id (answered already, say) is ignored. */
  resolve(id: number, answer: Answer): void {
    const request = this.waiting.get(id);
    this.waiting.delete(id);
    request?.resolve(answer);
  }

  reject(id: number, error: Error): void {
    const request = this.waiting.get(id);
    this.waiting.delete(id);
    request?.reject(error);
  }

  /** How many requests wait for an answer. */
  get size(): number {
    return this.waiting.size;
  }

  /**
   * The other side stopped: every waiting request, and every later one, is answered with
   * `answer` (or rejected with `error`).
   */
  close(outcome: { answer: Answer } | { error: Error }): void {
    this.closedWith = outcome;
    for (const [id, request] of this.waiting) {
      if ('error' in outcome) request.reject(outcome.error);
      else request.resolve(outcome.answer);
      this.waiting.delete(id);
    }
  }
}
