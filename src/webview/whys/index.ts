// The 5 Whys panel (webview) and its typed messages.
export { WhysPanels } from './whysPanel';
