-- A second, independent LSP client: Neovim (Debian's, 0.7), headless, configured as the README says. It writes
-- the first non-empty diagnostics the server publishes to $REPRO_NVIM_OUT as JSON, then quits.
-- test/server/neovim.test.ts drives it.
local out = os.getenv('REPRO_NVIM_OUT')
local server = os.getenv('REPRO_SERVER')

local done = false
local function finish(result)
  if done then return end -- once: quitting stops the server, and its exit must not overwrite the result
  done = true
  local file = assert(io.open(out, 'w'))
  file:write(vim.json.encode(result))
  file:close()
  vim.schedule(function() vim.cmd('qall!') end)
end

-- The README's configuration, with the server's path and the two handlers the test needs.
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, { pattern = '*.repro', callback = function(args)
  local client = vim.lsp.start_client({
    name = 'repro',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.getcwd(),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, params)
        if #params.diagnostics > 0 then finish({ uri = params.uri, diagnostics = params.diagnostics }) end
      end,
    },
    on_exit = function(code) finish({ error = 'the server exited with ' .. tostring(code) }) end,
  })
  if not client then return finish({ error = 'the client did not start' }) end
  vim.lsp.buf_attach_client(args.buf, client)
end })
