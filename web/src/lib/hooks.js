import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { OfflineError } from '../api.js';

// What every page needs: the API client, the logged-in user, the organisations and the
// annual-report templates (both read once after login).
export const Session = createContext(null);

export function useSession() {
  return useContext(Session);
}

// Runs `load` (an async function of the API) when `deps` change and whenever the connection
// comes back, so a page shows fresh data after a server restart without a reload. Without a
// connection it does not wait: `error` is the OfflineError at once (and `data` what was read
// before, if anything), so the page can say it could not load instead of showing nothing.
// → {data, error, loading, reload}
export function useLoad(load, deps) {
  const { api } = useSession();
  const [state, setState] = useState({ data: undefined, error: null, loading: true });
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    if (api.status === 'offline') {
      setState((s) => ({ ...s, error: new OfflineError(), loading: false }));
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await load(api);
      if (mine === generation.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ ...s, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    reload();
  }, [reload]);
  useEffect(
    () =>
      api.on('status', (status) => {
        if (status === 'online') reload();
        // A read waiting for the connection will not come back soon: say so now.
        else if (status === 'offline') setState((s) => (s.loading ? { ...s, error: new OfflineError(), loading: false } : s));
      }),
    [reload],
  );
  return { ...state, reload };
}

// Calls fn on the named server event while the component is mounted.
export function useEvent(name, fn, deps = []) {
  const { api } = useSession();
  useEffect(() => api.on(name, fn), deps);
}

export function navigate(hash) {
  window.location.hash = hash;
}

export function hasRole(user, ...roles) {
  return user?.roles.some((grant) => roles.includes(grant.role)) ?? false;
}
