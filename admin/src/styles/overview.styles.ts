import { css } from 'lit';

/** Layout of the overview: a strip of tiles, then a grid of chart cards. */
export const overviewStyles = css`
  :host {
    display: block;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 12px;
    margin-bottom: 16px;
  }
  .tile {
    background: var(--admin-surface);
    border: 1px solid var(--admin-border);
    border-radius: var(--admin-radius);
    padding: 12px 14px;
  }
  .tile .value {
    font-size: 24px;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .tile .label {
    color: var(--admin-muted);
    font-size: 12px;
  }
  .tile.warn .value {
    color: var(--admin-warn);
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(380px, 1fr));
    gap: 16px;
  }
  .percentiles {
    display: flex;
    gap: 16px;
    margin-bottom: 8px;
    font-size: 13px;
  }
  ul.log {
    list-style: none;
    margin: 0;
    padding: 0;
    font-size: 13px;
    max-height: 220px;
    overflow: auto;
  }
  ul.log li {
    padding: 4px 0;
    border-bottom: 1px solid var(--admin-border);
  }
`;
