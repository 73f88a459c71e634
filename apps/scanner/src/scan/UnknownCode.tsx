import { useState, type FormEvent } from 'react';
import type { Product } from '@stockline/protocol';
import { useReplica } from '../replica/replica-context';
import { forgetUnknownCode } from './unknown-codes';

/**
 * A code no product has. A clerk is told to fetch a manager (the code is kept on the list);
 * a manager or admin can create the product from it on the spot, online.
 */
export function UnknownCode({ code, canCreate, onCreated, onClose }: { code: string; canCreate: boolean; onCreated: (p: Product) => void; onClose: () => void }) {
  const replica = useReplica();
  const [name, setName] = useState('');
  const [sku, setSku] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const product = await replica.createProduct({ name: name.trim(), sku: sku.trim(), barcode: code });
      forgetUnknownCode(code);
      onCreated(product);
    } catch (err) {
      setError(`Not created: ${err instanceof Error ? err.message : String(err)}. This needs the server (online).`);
    } finally {
      setBusy(false);
    }
  };

  if (!canCreate) {
    return (
      <div className="feedback feedback-refused" role="alert" data-testid="unknown-code">
        <p className="feedback-title">Unknown code “{code}”: tell your manager.</p>
        <p>The code is kept on this device’s list of unknown codes for them.</p>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          OK
        </button>
      </div>
    );
  }
  return (
    <form className="panel" aria-label="Unknown code" onSubmit={(e) => void create(e)} data-testid="unknown-code">
      <p className="feedback-title">No product has the code “{code}”. Create one with it:</p>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        <span>SKU</span>
        <input value={sku} onChange={(e) => setSku(e.target.value)} required maxLength={64} autoCapitalize="characters" />
      </label>
      {error && <p className="message message-error">{error}</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Create product
        </button>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
