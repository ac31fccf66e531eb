-- Run by test/neovim/neovim.test.ts inside `nvim --headless --clean`: opens a zone file,
-- starts the Zonelint language server over stdio for it, waits for its diagnostics and
-- writes their codes and 0-based positions to a JSON file, then quits.
--
-- Environment: ZONELINT_NODE (node executable), ZONELINT_SERVER (bin/zonelint-language-server.js),
-- ZONELINT_ZONE (the zone file), ZONELINT_OUT (the JSON file to write),
-- ZONELINT_TIMEOUT_MS (how long to wait for diagnostics).
-- Neovim 0.7 (Debian 12) has vim.lsp.start_client and vim.diagnostic, not vim.lsp.start.

local function fail(message)
  io.stderr:write('neovim-test: ' .. message .. '\n')
  vim.cmd('cquit 2')
end

local node = os.getenv('ZONELINT_NODE')
local server = os.getenv('ZONELINT_SERVER')
local zone = os.getenv('ZONELINT_ZONE')
local out = os.getenv('ZONELINT_OUT')
local timeout = tonumber(os.getenv('ZONELINT_TIMEOUT_MS') or '15000')
if not (node and server and zone and out) then
  return fail('ZONELINT_NODE, ZONELINT_SERVER, ZONELINT_ZONE and ZONELINT_OUT must be set')
end

vim.cmd('edit ' .. vim.fn.fnameescape(zone))
local bufnr = vim.api.nvim_get_current_buf()

-- Count the publications for this buffer's URI, then let Neovim store them as usual.
local uri = vim.uri_from_bufnr(bufnr)
local published = 0
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
local server_errors = {}

local client_id = vim.lsp.start_client({
  name = 'zonelint',
  cmd = { node, server, '--stdio' },
  root_dir = vim.fn.fnamemodify(zone, ':p:h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result and result.uri == uri then
        published = published + 1
      end
      return default_handler(err, result, ctx, config)
    end,
  },
  on_exit = function(code, signal)
    if code ~= 0 and not vim.g.zonelint_stopping then
      table.insert(server_errors, 'language server exited with code ' .. code .. ', signal ' .. signal)
    end
  end,
})
if not client_id then
  return fail('vim.lsp.start_client did not start the language server')
end
if not vim.lsp.buf_attach_client(bufnr, client_id) then
  return fail('vim.lsp.buf_attach_client failed')
end

local arrived = vim.wait(timeout, function()
  return (published > 0 and #vim.diagnostic.get(bufnr) > 0) or #server_errors > 0
end, 20)
if #server_errors > 0 then
  return fail(table.concat(server_errors, '; '))
end
if not arrived then
  return fail('no textDocument/publishDiagnostics for ' .. uri .. ' within ' .. timeout .. ' ms')
end

local severities = { 'error', 'warning', 'information', 'hint' }
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(diagnostics, {
    code = d.code,
    severity = severities[d.severity],
    line = d.lnum,
    character = d.col,
    endLine = d.end_lnum,
    endCharacter = d.end_col,
  })
end
local client = vim.lsp.get_client_by_id(client_id)
vim.fn.writefile({ vim.fn.json_encode({
  nvim = vim.version(),
  client = client and client.name or vim.NIL,
  publications = published,
  diagnostics = diagnostics,
}) }, out)

vim.g.zonelint_stopping = true
vim.lsp.stop_client(client_id)
vim.wait(2000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
vim.cmd('qall!')
