import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Props: what to show instead of a failed subtree, and an optional report hook. */
interface Props {
  fallback: ReactNode | ((error: Error) => ReactNode);
  children: ReactNode;
  onError?: (error: Error) => void;
}

/**
 * Keeps one failed part of the page (the WebGL view without WebGL, a glTF model that does not load) from
 * taking the rest down: panels, KPIs and controls keep working.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.props.onError?.(error);
    console.warn('LineTwin: a part of the page failed', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return typeof this.props.fallback === 'function' ? this.props.fallback(error) : this.props.fallback;
  }
}
