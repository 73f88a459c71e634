import { useState } from 'react';
import { PRODUCT_CSV_COLUMNS, STOCK_CSV_COLUMNS, type ImportResult, type Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { messageOf } from '../office-http';
import { canConfirm, confirmLabel, forStock, importedText, previewVerdict } from './import-preview';

type Kind = 'products' | 'stock';
type Step =
  | { kind: 'choose' }
  | { kind: 'checking'; fileName: string }
  | { kind: 'preview'; fileName: string; csv: string; preview: ImportResult }
  | { kind: 'importing'; fileName: string; sent: number }
  | { kind: 'done'; result: ImportResult };

const SHOWN_ERRORS = 200;

/**
 * Upload → preview (a dry run on the server: the same counts the import will produce, and every
 * bad line) → confirm, with a progress bar while the file goes up and the server applies it.
 */
export function ImportPanel({ warehouses, defaultWarehouseId, onImported }: { warehouses: Warehouse[]; defaultWarehouseId: string | null; onImported?: () => void }) {
  const { api } = useOffice();
  const [kind, setKind] = useState<Kind>('products');
  const [warehouseId, setWarehouseId] = useState(defaultWarehouseId ?? warehouses[0]?.id ?? '');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [skip, setSkip] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = (s: string) => (kind === 'stock' ? forStock(s) : s);
  const target = kind === 'stock' ? { warehouseId } : {};

  const check = async (file: File) => {
    setError(null);
    setSkip(false);
    setStep({ kind: 'checking', fileName: file.name });
    try {
      const csv = await file.text();
      const preview = await api.importCsv(kind, csv, { dryRun: true, skipInvalid: false, ...target });
      setStep({ kind: 'preview', fileName: file.name, csv, preview });
    } catch (err) {
      setError(messageOf(err));
      setStep({ kind: 'choose' });
    }
  };

  const confirm = async (fileName: string, csv: string) => {
    setError(null);
    setStep({ kind: 'importing', fileName, sent: 0 });
    try {
      const result = await api.importCsv(kind, csv, { dryRun: false, skipInvalid: skip, ...target, onUploadProgress: (sent) => setStep({ kind: 'importing', fileName, sent }) });
      setStep({ kind: 'done', result });
      if (result.applied) onImported?.();
    } catch (err) {
      setError(messageOf(err));
      setStep({ kind: 'choose' });
    }
  };

  return (
    <div className="office-form" aria-labelledby="import-heading">
      <h3 id="import-heading">Import from a CSV file</h3>
      <div className="form-grid">
        <label>
          What the file holds
          <select value={kind} onChange={(e) => { setKind(e.target.value as Kind); setStep({ kind: 'choose' }); }} disabled={step.kind === 'importing'}>
            <option value="products">Products (create or update by SKU)</option>
            <option value="stock">Opening stock and thresholds</option>
          </select>
        </label>
        {kind === 'stock' && (
          <label>
            Into warehouse
            <select value={warehouseId} onChange={(e) => { setWarehouseId(e.target.value); setStep({ kind: 'choose' }); }}>
              {warehouses.filter((w) => !w.archived).map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name} ({w.code})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <p className="muted">
        Header row: <code>{(kind === 'products' ? PRODUCT_CSV_COLUMNS : STOCK_CSV_COLUMNS).join(',')}</code> ({kind === 'products' ? 'sku and name required' : 'sku required'}). Commas or semicolons, quotes and Excel's UTF-8 files all work.
      </p>
      {step.kind !== 'importing' && (
        <label className="file-pick">
          {step.kind === 'choose' || step.kind === 'done' ? 'Choose a CSV file' : 'Choose another file'}
          <input
            type="file"
            accept=".csv,text/csv"
            disabled={kind === 'stock' && !warehouseId}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void check(file);
            }}
          />
        </label>
      )}
      {error && <p className="message message-error" role="alert">{error}</p>}
      {step.kind === 'checking' && <p role="status">Checking {step.fileName}…</p>}
      {step.kind === 'preview' && (
        <div className="import-preview" data-testid="import-preview">
          <h4>Preview of {step.fileName}</h4>
          <dl className="counts">
            <div className="count count-create"><dt>To create</dt><dd data-testid="count-create">{step.preview.created.toLocaleString('en')}</dd></div>
            <div className="count count-update"><dt>To update</dt><dd data-testid="count-update">{step.preview.updated.toLocaleString('en')}</dd></div>
            <div className="count"><dt>Unchanged</dt><dd data-testid="count-unchanged">{step.preview.unchanged.toLocaleString('en')}</dd></div>
            <div className={`count ${step.preview.errors.length ? 'count-errors' : ''}`}><dt>Lines with errors</dt><dd data-testid="count-errors">{step.preview.errors.length.toLocaleString('en')}</dd></div>
          </dl>
          {(() => {
            const v = previewVerdict(step.preview);
            return <p className={`message message-${v.tone}`}>{label(v.text)}</p>;
          })()}
          {step.preview.errors.length > 0 && (
            <>
              <table className="office-table errors-table" aria-label="Lines with errors">
                <thead>
                  <tr><th scope="col">Line</th><th scope="col">Problem</th></tr>
                </thead>
                <tbody>
                  {step.preview.errors.slice(0, SHOWN_ERRORS).map((e) => (
                    <tr key={`${e.line}:${e.message}`} data-testid="import-error">
                      <td className="num">{e.line}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {step.preview.errors.length > SHOWN_ERRORS && <p className="muted">…and {step.preview.errors.length - SHOWN_ERRORS} more lines with errors.</p>}
              <label className="check">
                <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />
                Skip the bad lines and import the rest
              </label>
            </>
          )}
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={!canConfirm(step.preview, skip)} onClick={() => void confirm(step.fileName, step.csv)}>
              {label(confirmLabel(step.preview, skip))}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setStep({ kind: 'choose' })}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {step.kind === 'importing' && (
        <div className="import-progress" role="status">
          <p>{step.sent < 1 ? `Sending ${step.fileName}…` : `Applying ${step.fileName}…`}</p>
          {/* The upload is measured; the server's apply step is not, so the bar turns indeterminate. */}
          {step.sent < 1 ? <progress max={1} value={step.sent} aria-label="Import progress" /> : <progress aria-label="Import progress" />}
        </div>
      )}
      {step.kind === 'done' && (
        <p className={`message ${step.result.applied ? 'message-ok' : 'message-error'}`} role="status" data-testid="import-result">
          {importedText(step.result)}
        </p>
      )}
    </div>
  );
}
