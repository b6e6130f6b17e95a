/**
 * The widget bundle's entry: importing it (or loading the built script) defines
 * `<stock-chat>`. Re-exports the public types for ES-module users.
 */
export { StockChat } from './stock-chat.js';
export type { TokenProvider } from './stock-chat.js';
export type {
  StockChatErrorDetail,
  StockChatMessageDetail,
  StockChatReadyDetail,
  StockChatUnreadChangeDetail,
} from './events.js';
export type { ConnectionStatus, DeliveryState } from './types.js';
