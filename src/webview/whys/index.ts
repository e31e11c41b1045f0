// The 5 Whys panel (webview) and its typed messages.
export { WHYS_VIEW_TYPE, WhysPanels } from './whysPanel';
