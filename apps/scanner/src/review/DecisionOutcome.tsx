/** What the last decision on a review list did, or why it could not be saved: announced where the manager looks. */
export function DecisionOutcome({ done, error }: { done: string | null; error: string | null }) {
  return (
    <>
      {done && (
        <p className="message message-ok" role="status">
          ✓ {done}
        </p>
      )}
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
