import { css } from 'lit';

/** The paged tables of the connections and rooms views. */
export const tableStyles = css`
  :host {
    display: block;
  }
  .toolbar {
    display: flex;
    gap: 8px;
    align-items: center;
    margin-bottom: 12px;
    flex-wrap: wrap;
  }
  .toolbar input[type='search'] {
    min-width: 280px;
    flex: 1;
  }
  .scroll {
    overflow-x: auto;
  }
  td.rooms {
    white-space: normal;
    max-width: 260px;
  }
  .pager {
    display: flex;
    gap: 8px;
    align-items: center;
    justify-content: flex-end;
    margin-top: 12px;
  }
  tr.clickable {
    cursor: pointer;
  }
  tr.clickable:hover td {
    background: var(--admin-surface-2);
  }
  .split {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr);
    gap: 16px;
  }
  @media (max-width: 900px) {
    .split {
      grid-template-columns: 1fr;
    }
  }
  .events {
    max-height: 460px;
    overflow: auto;
  }
  form {
    display: grid;
    gap: 8px;
  }
  textarea {
    min-height: 64px;
    resize: vertical;
  }
`;
