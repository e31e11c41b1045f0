// The AI assistant's commands: registered at activation, run once the assistant has loaded.
export const ASSISTANT_COMMANDS = ['trcaa.ai.openChat', 'trcaa.ai.openChatInEditor', 'trcaa.ai.askAboutSelection', 'trcaa.ai.selectModel', 'trcaa.ai.testConnection', 'trcaa.ai.signOut', 'trcaa.ai.suggestNextWhy', 'trcaa.ai.draftSection', 'trcaa.ai.analyzeLog', 'trcaa.ai.statusUpdate', 'trcaa.ai.revokeToolApprovals'] as const;

export type AssistantCommand = (typeof ASSISTANT_COMMANDS)[number];
