// The Log Insight panel (webview) and its typed messages.
export { InsightPanels, type InsightReader } from './insightPanel';
export { rangeRefSchema, type ChangeRowView, type CompareState, type HistogramState, type InsightState, type InsightSubject, type PatternsState, type RangeRef } from './insightProtocol';
