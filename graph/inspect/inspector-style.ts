/** The inspector page's style sheet (inline; no fonts or images from outside). */

/** Colours of the outcomes, shared by boxes, bars and the legend. */
const STATUS_CSS = `
.st-succeeded{--c:#2e7d32;--bg:#e3f4e3}
.st-failed{--c:#c62828;--bg:#fde4e1}
.st-cancelled{--c:#9a6b00;--bg:#fff3cd}
.st-running{--c:#1565c0;--bg:#e1ecfb}
.st-notReached{--c:#9e9e9e;--bg:#f4f4f4}
`;

/** The whole style sheet. */
export const INSPECTOR_CSS = `
*{box-sizing:border-box}
body{margin:0;font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fafafa}
header{padding:10px 16px;background:#fff;border-bottom:1px solid #ddd;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center}
header h1{font-size:16px;margin:0}
.pill{display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid var(--c,#999);background:var(--bg,#eee);color:var(--c,#333);font-weight:600}
.legend{display:flex;gap:6px;flex-wrap:wrap;margin-left:auto}
.legend .pill{font-weight:400}
.legend .recovery{border-style:dashed;--c:#6a3fb5;--bg:#f1eafc}
main{display:grid;grid-template-columns:minmax(0,1fr) 380px;gap:12px;padding:12px 16px}
h2{font-size:13px;margin:0 0 6px;color:#555;text-transform:uppercase;letter-spacing:.04em}
#flow{overflow:auto}
.box{border:1px solid #b9b9b9;border-radius:6px;background:#fff;margin:3px 0;padding:3px 6px 4px;cursor:pointer;min-width:90px}
.box[data-status]{border-color:var(--c);background:var(--bg)}
.box.st-notReached{border-style:dashed;opacity:.6}
.box.st-cancelled{background-image:repeating-linear-gradient(135deg,transparent 0 6px,rgba(154,107,0,.10) 6px 12px)}
.box.k-sequence{border:none;background:none;padding:0;margin:0;cursor:default;min-width:0}
.box.k-sequence>.head{display:none}
.box.k-sequence>.kids>.box+.box{position:relative;margin-top:14px}
.box.k-sequence>.kids>.box+.box::before{content:"↓";position:absolute;top:-15px;left:14px;color:#888;font-size:11px}
.box.selected{outline:2px solid #111;outline-offset:1px}
.box:focus-visible{outline:2px solid #1565c0}
.head{display:flex;flex-wrap:wrap;gap:2px 6px;align-items:baseline}
.title{font-weight:600;overflow-wrap:anywhere}
.detail{color:#666;font-size:11px;overflow-wrap:anywhere}
.tag{font-size:11px;color:#fff;background:#607d8b;border-radius:3px;padding:0 4px}
.badge{font-size:11px;border-radius:3px;padding:0 4px;background:#fff;border:1px solid var(--c,#888);color:var(--c,#333)}
.badge.timeout{--c:#c62828;font-weight:600}
.kids{display:flex;flex-direction:column;padding-left:8px}
.kids.row{flex-direction:row;flex-wrap:wrap;gap:6px;align-items:flex-start;padding-left:0}
.kids.row>.box{flex:1 1 0}
.k-retry,.k-timeout,.k-catch,.k-finally,.k-sync,.k-using,.k-context,.k-embed,.k-added,.k-map,.k-loop,.k-run{border-width:1px 1px 1px 4px}
.recovery{border:2px dashed #6a3fb5;background:#f1eafc}
.recovery[data-status]{border-style:dashed}
.recovery>.head::before{content:"↺ recovery";font-size:10px;color:#6a3fb5;font-weight:700;margin-right:2px}
.k-added{border-style:dotted}
aside{position:sticky;top:8px;align-self:start;max-height:calc(100vh - 16px);overflow:auto;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 10px}
aside .empty{color:#777}
.attempt{border-top:1px solid #eee;padding:6px 0}
.attempt h3{font-size:13px;margin:0 0 4px}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 8px;font-size:12px}
.kv dt{color:#666}
.kv dd{margin:0;overflow-wrap:anywhere}
pre{background:#f6f6f6;border:1px solid #e2e2e2;border-radius:4px;padding:4px 6px;margin:2px 0 4px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:240px;overflow:auto;font:12px/1.3 ui-monospace,Menlo,Consolas,monospace}
.err{color:#b71c1c}
#timeline-section{padding:0 16px 16px}
.scale{display:grid;grid-template-columns:280px 1fr;font-size:11px;color:#666}
.scale .ticks{position:relative;height:14px;border-bottom:1px solid #ccc}
.scale .ticks span{position:absolute;transform:translateX(-50%)}
.scale .ticks span:first-child{transform:none}
.scale .ticks span:last-child{transform:translateX(-100%)}
.trow{display:grid;grid-template-columns:280px 1fr;align-items:center;min-height:18px;cursor:pointer;content-visibility:auto;contain-intrinsic-size:auto 18px}
.trow:hover,.trow.selected{background:#eef3fb}
.tlabel{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding-right:6px;font-size:12px}
.track{position:relative;height:16px}
.bar{position:absolute;top:2px;height:12px;min-width:2px;border-radius:2px;background:var(--bg);border:1px solid var(--c);font-size:10px;line-height:10px;color:var(--c);white-space:nowrap;overflow:visible;padding-left:2px}
.btext{background:rgba(255,255,255,.85);border-radius:2px;padding:0 2px}
.bar.st-running{border-right-style:dashed}
.bar.st-cancelled{background-image:repeating-linear-gradient(135deg,transparent 0 3px,rgba(154,107,0,.35) 3px 5px)}
.bar.timedout{background:repeating-linear-gradient(135deg,#fde4e1 0 4px,#e57373 4px 8px);border:2px solid #c62828;color:#7f0000;font-weight:700}
.bar.retried{border-left:4px double var(--c)}
.tick{position:absolute;top:0;height:16px;width:0;border-left:2px dotted #6a3fb5}
.note{color:#777;font-size:12px;margin:4px 0}
${STATUS_CSS}`;
