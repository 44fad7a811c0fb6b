import { useState } from 'preact/hooks';
import { useSession } from '../lib/hooks.js';
import { errorMessage } from '../lib/labels.js';

export function Login() {
  const { api } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event) => {
    event.preventDefault();
    // The form checks itself (noValidate): the browser's bubbles speak the browser's language.
    if (!username.trim() || !password) {
      setError(!username.trim() ? '请填写用户名' : '请填写密码');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await api.login(username.trim(), password);
    } catch (failure) {
      const wait = failure.details?.retry_after_ms;
      setError(wait ? `${errorMessage(failure)}（请 ${Math.ceil(wait / 1000)} 秒后再试）` : errorMessage(failure));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <form onSubmit={submit} noValidate aria-describedby={error ? 'login-error' : undefined}>
        <h1>政务公开工作台</h1>
        <p class="muted">政府信息公开 起草 · 保密审查 · 领导审批 · 发布</p>
        <label>
          用户名
          <input name="username" autocomplete="username" aria-required="true" value={username}
            onInput={(e) => setUsername(e.currentTarget.value)} />
        </label>
        <label>
          密码
          <input name="password" type="password" autocomplete="current-password" aria-required="true" value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error && (
          <p id="login-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? '正在登录…' : '登录'}
        </button>
      </form>
    </main>
  );
}
