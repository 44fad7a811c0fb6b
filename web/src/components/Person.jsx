// A person as colleagues know them: the name they sign with. The account, which the audit
// log records and which tells apart two people of the same name, shows on hover.
export function Person({ name, account }) {
  if (!name || name === account) return <span class="person">{account}</span>;
  return (
    <span class="person" title={`账号：${account}`}>
      {name}
    </span>
  );
}
