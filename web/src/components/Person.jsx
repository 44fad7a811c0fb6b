// A person as colleagues know them: the name they sign with. The account, which the audit
// log records and which tells apart two people of the same name, shows on hover. The tool
// and the server itself act as 「系统」.
export function Person({ name, account }) {
  if (account === 'system' && (!name || name === account)) return <span class="person">系统</span>;
  if (!name || name === account) return <span class="person">{account}</span>;
  return (
    <span class="person" title={`账号：${account}`}>
      {name}
    </span>
  );
}
